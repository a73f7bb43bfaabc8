import assert from 'node:assert/strict';
import { ContractError, median, noiseSeed, observe, roundsBudget, runMethod } from '../../../src/bench/harness';
import { createZopo } from '../../../src/core/optimizer/zopo';
import { Rng } from '../../../src/core/optimizer/random';
import type { Proposal, SearchSettings } from '../../../src/core/optimizer/types';
import { createRandomSearch } from '../../../src/core/optimizer/baselines/randomSearch';
import { makeLandscape, ScriptedMethod, singles, smoothLandscape } from './fixtures';

const tiny = makeLandscape([[0], [1], [2], [3], [4], [5]], [0.2, 0.5, 0.9, 0.4, 0.7, 0.3]);

describe('bench harness', () => {
  it('spends the budget one query per proposal and records a trace of budget length', () => {
    const method = new ScriptedMethod(singles([0, 1, 2, 3, 4, 5]), 2);
    const r = runMethod(tiny, () => method, { seed: 1, budget: 4 });
    assert.equal(r.queries, 4);
    assert.deepEqual(r.trace, [0.9, 0.9, 0.9, 0.9]);
    assert.deepEqual(r.roundEnds, [1, 2, 3, 4]);
    assert.equal(r.askMs.length, 4);
    assert.deepEqual(method.asks, [1, 1, 1, 1]);
    assert.ok(method.told.every((o) => o.total === 20));
  });

  it('records the best true accuracy among the evaluated candidates (what the search found)', () => {
    const first = runMethod(tiny, () => new ScriptedMethod(singles([0, 1, 2, 3]), 2), { seed: 1, budget: 2 });
    assert.equal(first.bestSeen, 0.5, 'candidates 0 and 1 were evaluated; the pick, 2, was not');
    const all = runMethod(tiny, () => new ScriptedMethod(singles([0, 1, 2, 3]), 2), { seed: 1, budget: 4 });
    assert.equal(all.bestSeen, 0.9);
  });

  it('records the true accuracy of the current pick, not the observed one', () => {
    const land = smoothLandscape(5, 30, 2);
    let method = createRandomSearch({ pool: land.pool, budget: 0, valSize: 20, seed: 0 });
    const r = runMethod(land, (s) => (method = createRandomSearch(s)), { seed: 3, budget: 6 });
    const pick = method.portfolio(1)[0];
    assert.ok(pick);
    assert.equal(r.trace[5], land.accuracy[pick.candidate]);
    assert.notEqual(r.trace[5], pick.mean);
  });

  it('counts repeats as queries, one trace entry each, and clamps the last proposal to the budget', () => {
    const method = new ScriptedMethod(singles([4, 1, 0], 3), 4);
    const r = runMethod(tiny, () => method, { seed: 2, budget: 7 });
    assert.equal(r.queries, 7);
    assert.equal(r.trace.length, 7);
    assert.deepEqual(r.roundEnds, [3, 6, 7]);
    assert.deepEqual(method.told.map((o) => o.total), [60, 60, 20]);
  });

  it('asks for k per round in batch mode and counts rounds', () => {
    const script: Proposal[][] = [
      [0, 1, 2, 3].map((c) => ({ candidate: c, repeats: 1, reason: 'random' as const })),
      [4, 5].map((c) => ({ candidate: c, repeats: 1, reason: 'random' as const })),
    ];
    const method = new ScriptedMethod(script, 2);
    const r = runMethod(tiny, () => method, { seed: 1, budget: 6, batch: 4 });
    assert.deepEqual(method.asks, [4, 4]);
    assert.deepEqual(r.roundEnds, [4, 6]);
    assert.equal(r.trace.length, 6);
  });

  it('gives a run of n rounds the budget those rounds spend: a smaller first round, then k a round', () => {
    const land = smoothLandscape(5, 60, 3);
    assert.equal(roundsBudget(land, (st) => createZopo(st, 'zopo'), 1, 16, 12), 12 + 11 * 16, 'zopo opens with its 12-point design');
    assert.equal(roundsBudget(land, (st) => createRandomSearch(st), 1, 4, 3), 12);
    const r = runMethod(land, (st) => createZopo(st, 'zopo'), { seed: 1, budget: 12 + 2 * 16, batch: 16, maxRounds: 3 });
    assert.deepEqual(r.roundEnds, [12, 28, 44], 'the last round ends the budget');
  });

  it('pads the trace with the last pick when the method stops asking', () => {
    const method = new ScriptedMethod(singles([0, 1]), 1);
    const r = runMethod(tiny, () => method, { seed: 1, budget: 5 });
    assert.equal(r.queries, 2);
    assert.deepEqual(r.trace, [0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('is deterministic by seed, and seeds differ', () => {
    const land = smoothLandscape(5, 60, 3);
    const run = (seed: number): number[] => runMethod(land, (s) => createRandomSearch(s), { seed, budget: 20 }).trace;
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
  });

  it('gives the method the run seed and draws observation noise from another stream', () => {
    const seen: number[][] = [];
    for (const seed of [11, 12]) {
      const method = new ScriptedMethod(singles([1, 1, 1, 1, 1, 1, 1, 1]), 1);
      runMethod(tiny, (s: SearchSettings) => {
        assert.equal(s.seed, seed);
        assert.deepEqual([s.budget, s.valSize, s.pool.n], [8, 20, 6]);
        return method;
      }, { seed, budget: 8 });
      seen.push(method.told.map((o) => o.correct));
    }
    assert.notDeepEqual(seen[0], seen[1]);
    const sameStream = new Rng(11);
    assert.notDeepEqual(seen[0], Array.from({ length: 8 }, () => sameStream.binomial(20, 0.5)));
    const noiseStream = new Rng(noiseSeed(11));
    assert.deepEqual(seen[0], Array.from({ length: 8 }, () => noiseStream.binomial(20, 0.5)));
  });

  it('rejects proposals that break the contract', () => {
    const dup: Proposal[] = [{ candidate: 1, repeats: 1, reason: 'random' }, { candidate: 1, repeats: 1, reason: 'random' }];
    assert.throws(() => runMethod(tiny, () => new ScriptedMethod([dup], 1), { seed: 1, budget: 4, batch: 2 }), ContractError);
    assert.throws(() => runMethod(tiny, () => new ScriptedMethod([dup], 1), { seed: 1, budget: 4, batch: 1 }), /asked for 1, proposed 2/);
    const outside = singles([6]);
    assert.throws(() => runMethod(tiny, () => new ScriptedMethod(outside, 1), { seed: 1, budget: 4 }), /outside the pool/);
    const zero = singles([1], 0);
    assert.throws(() => runMethod(tiny, () => new ScriptedMethod(zero, 1), { seed: 1, budget: 4 }), /0 repeats/);
  });
});

describe('bench noise model', () => {
  it('has the binomial mean and variance of valSize examples', () => {
    const rng = new Rng(99);
    const land = makeLandscape([[0]], [0.7], 20);
    const draws = Array.from({ length: 20000 }, () => observe(land, 0, 1, rng, false));
    assert.ok(draws.every((o) => o.total === 20 && Number.isInteger(o.correct)));
    const xs = draws.map((o) => o.correct / o.total);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.7) < 0.003, `mean ${mean}`);
    assert.ok(Math.abs(variance / ((0.7 * 0.3) / 20) - 1) < 0.05, `variance ${variance}`);
  });

  it('pools repeats into one observation on repeats x valSize examples', () => {
    const rng = new Rng(5);
    const land = makeLandscape([[0]], [0.25], 20);
    const draws = Array.from({ length: 4000 }, () => observe(land, 0, 4, rng, false));
    const xs = draws.map((o) => o.correct / o.total);
    const variance = xs.reduce((a, b) => a + (b - 0.25) ** 2, 0) / xs.length;
    assert.ok(draws.every((o) => o.total === 80));
    assert.ok(Math.abs(variance / ((0.25 * 0.75) / 80) - 1) < 0.1, `variance ${variance}`);
  });

  it('returns the accuracy itself when noiseless or when valSize is 0', () => {
    const rng = new Rng(1);
    assert.deepEqual(observe(makeLandscape([[0]], [0.65], 20), 0, 2, rng, true), { candidate: 0, correct: 26, total: 40 });
    assert.deepEqual(observe(makeLandscape([[0]], [0.65], 0), 0, 3, rng, false), { candidate: 0, correct: 0.65 * 3, total: 3 });
  });

  it('takes medians of odd and even lists', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), 0);
  });
});
