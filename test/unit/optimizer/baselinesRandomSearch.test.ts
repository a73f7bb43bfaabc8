import assert from 'node:assert/strict';
import { ObservedScores, wilsonInterval } from '../../../src/core/optimizer/baselines/observedScores';
import { RandomSearch } from '../../../src/core/optimizer/baselines/randomSearch';
import type { SearchSettings } from '../../../src/core/optimizer/types';

function settings(n: number, budget: number, seed: number): SearchSettings {
  return { pool: { n, dim: 1, data: Float32Array.from({ length: n }, (_, i) => i) }, budget, valSize: 20, seed };
}

describe('random search baseline', () => {
  it('never repeats a candidate and covers the pool, then stops', () => {
    const m = new RandomSearch(settings(50, 100, 4));
    const seen: number[] = [];
    for (let round = 0; round < 20; round++) seen.push(...m.ask(3).map((p) => p.candidate));
    assert.equal(seen.length, 50);
    assert.equal(new Set(seen).size, 50);
    assert.deepEqual(m.ask(3), []);
  });

  it('stops at the budget', () => {
    const m = new RandomSearch(settings(50, 7, 4));
    assert.equal(m.ask(5).length, 5);
    assert.equal(m.ask(5).length, 2);
    assert.equal(m.ask(5).length, 0);
  });

  it('orders candidates by seed', () => {
    const order = (seed: number): number[] => new RandomSearch(settings(30, 30, seed)).ask(30).map((p) => p.candidate);
    assert.deepEqual(order(1), order(1));
    assert.notDeepEqual(order(1), order(2));
    assert.notDeepEqual(order(1), Array.from({ length: 30 }, (_, i) => i));
  });

  it('returns the best observed candidates, best first', () => {
    const m = new RandomSearch(settings(10, 10, 1));
    m.tell([
      { candidate: 3, correct: 12, total: 20 },
      { candidate: 7, correct: 17, total: 20 },
      { candidate: 5, correct: 15, total: 20 },
    ]);
    assert.deepEqual(m.portfolio(2).map((p) => p.candidate), [7, 5]);
    const top = m.portfolio(1)[0];
    assert.ok(top && top.mean === 0.85 && top.total === 20 && top.lower < 0.85 && top.upper > 0.85);
  });
});

describe('observed scores', () => {
  it('pools repeated observations of a candidate', () => {
    const s = new ObservedScores();
    s.add([{ candidate: 2, correct: 10, total: 20 }]);
    s.add([{ candidate: 2, correct: 30, total: 40 }, { candidate: 4, correct: 13, total: 20 }]);
    assert.equal(s.mean(2), 40 / 60);
    assert.deepEqual(s.portfolio(5).map((p) => [p.candidate, p.total]), [[2, 60], [4, 20]]);
  });

  it('has Wilson intervals that contain the estimate and narrow with more examples', () => {
    const [lo20, hi20] = wilsonInterval(0.7, 20);
    const [lo200, hi200] = wilsonInterval(0.7, 200);
    assert.ok(lo20 < lo200 && lo200 < 0.7 && 0.7 < hi200 && hi200 < hi20);
    // Known value: 14/20 -> [0.4810, 0.8545] (Wilson, z = 1.96).
    assert.ok(Math.abs(lo20 - 0.481) < 1e-3 && Math.abs(hi20 - 0.8545) < 1e-3);
  });
});
