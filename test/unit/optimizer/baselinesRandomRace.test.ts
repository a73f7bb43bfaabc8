import assert from 'node:assert/strict';
import { RandomRace } from '../../../src/core/optimizer/baselines/randomRace';
import type { SearchSettings } from '../../../src/core/optimizer/types';

function settings(n: number, budget: number, seed: number): SearchSettings {
  return { pool: { n, dim: 1, data: Float32Array.from({ length: n }, (_, i) => i) }, budget, valSize: 20, seed };
}

/** Runs the baseline with candidate c scoring `acc(c)` exactly; returns the proposals. */
function run(m: RandomRace, budget: number, acc: (c: number) => number): { candidate: number; reason: string }[] {
  const out: { candidate: number; reason: string }[] = [];
  for (let spent = 0; spent < budget; ) {
    const asked = m.ask(1);
    if (asked.length === 0) break;
    spent += asked.length;
    out.push(...asked.map((p) => ({ candidate: p.candidate, reason: p.reason })));
    m.tell(asked.map((p) => ({ candidate: p.candidate, correct: Math.round(20 * acc(p.candidate)), total: 20 })));
  }
  return out;
}

describe('random-then-race baseline', () => {
  it('explores distinct random candidates on 80% of the budget, then races the top five', () => {
    const m = new RandomRace(settings(100, 50, 3));
    const props = run(m, 50, (c) => c / 100);
    const explore = props.filter((p) => p.reason === 'random').map((p) => p.candidate);
    assert.equal(explore.length, 40);
    assert.equal(new Set(explore).size, 40);
    const top5 = [...explore].sort((a, b) => b - a).slice(0, 5);
    const raced = props.slice(40);
    assert.equal(raced.length, 10);
    assert.ok(raced.every((p) => p.reason === 'reevaluate' && top5.includes(p.candidate)));
  });

  it('returns the raced candidate with the best pooled mean, not a lucky single draw', () => {
    const m = new RandomRace({ ...settings(3, 5, 1), pool: { n: 3, dim: 1, data: Float32Array.from([1, 2, 3]) } }, { exploreShare: 0.6, raceSize: 2 });
    // First draws: 0 -> 18/20 (lucky), 1 -> 16/20, 2 -> 15/20; re-evaluations: 0 -> 8/20, 1 -> 17/20.
    const draws = new Map([[0, [18, 8]], [1, [16, 17]], [2, [15]]]);
    const seen = new Map<number, number>();
    for (let q = 0; q < 5; q++) {
      const [p] = m.ask(1);
      assert.ok(p, `query ${q}`);
      const nth = seen.get(p.candidate) ?? 0;
      seen.set(p.candidate, nth + 1);
      m.tell([{ candidate: p.candidate, correct: draws.get(p.candidate)?.[nth] ?? 0, total: 20 }]);
    }
    assert.deepEqual([...seen].sort(), [[0, 2], [1, 2], [2, 1]]);
    // 0 fell to 26/40; 1 holds 33/40; unraced 2 (15/20) ranks after the raced ones.
    assert.deepEqual(m.portfolio(3).map((p) => p.candidate), [1, 0, 2]);
  });

  it('stops at the budget', () => {
    const m = new RandomRace(settings(30, 12, 2));
    assert.equal(run(m, 100, () => 0.5).length, 12);
  });
});
