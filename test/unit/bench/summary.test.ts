import assert from 'node:assert/strict';
import type { RunResult } from '../../../src/bench/harness';
import { checkpoints, firstMatch, meanRoundCurve, summarise } from '../../../src/bench/summary';

function fakeRun(trace: number[], roundEnds: number[], askMs: number[] = [1], bestSeen = 0): RunResult {
  return { method: 'm', trace, roundEnds, queries: roundEnds.at(-1) ?? 0, askMs, tellMs: [0], setupMs: 0, bestSeen };
}

describe('bench summaries', () => {
  it('uses the README checkpoints cut to the budget', () => {
    assert.deepEqual(checkpoints(165), [20, 40, 80, 120, 165]);
    assert.deepEqual(checkpoints(50), [20, 40, 50]);
    assert.deepEqual(checkpoints(10), [10]);
  });

  it('averages ratios to the pool best and counts seeds within 95%', () => {
    const budget = 20;
    const runs = [
      fakeRun(Array.from({ length: budget }, (_, i) => (i < 10 ? 0.45 : 0.9)), [budget], [1, 2, 3]),
      fakeRun(Array.from({ length: budget }, () => 0.81), [budget], [5]),
    ];
    const s = summarise(runs, 0.9, budget);
    assert.deepEqual(s.ratioAt, [(1 + 0.9) / 2]);
    assert.equal(s.hitShare, 0.5);
    assert.equal(s.askMs, 3.5);
    assert.ok(Math.abs(s.ratioSe - 0.05) < 1e-12);
  });

  it('counts the seeds whose search evaluated a candidate within 95% of the pool best', () => {
    const flat = Array.from({ length: 10 }, () => 0.5);
    const runs = [fakeRun(flat, [10], [1], 0.9), fakeRun(flat, [10], [1], 0.86), fakeRun(flat, [10], [1], 0.85)];
    const s = summarise(runs, 0.9, 10);
    assert.ok(Math.abs(s.seenShare - 2 / 3) < 1e-12, `seenShare ${s.seenShare}`);
    assert.equal(s.hitShare, 0);
  });

  it('finds the first round at which a batched mean curve matches a target', () => {
    const runs = [
      fakeRun([0.3, 0.3, 0.3, 0.3, 0.6, 0.6, 0.6, 0.6, 0.9, 0.9], [4, 8, 10]),
      fakeRun([0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6], [4, 8, 10]),
    ];
    const curve = meanRoundCurve(runs, 0.9);
    assert.deepEqual(curve.queries, [4, 8, 10]);
    assert.ok(Math.abs((curve.ratio[1] as number) - 2 / 3) < 1e-12);
    assert.deepEqual(firstMatch(runs, 0.9, 2 / 3), { rounds: 2, queries: 8 });
    assert.deepEqual(firstMatch(runs, 0.9, 0.8), { rounds: 3, queries: 10 });
    assert.equal(firstMatch(runs, 0.9, 0.95), undefined);
  });
});
