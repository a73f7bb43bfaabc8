import assert from 'node:assert/strict';
import { contestProposal, halfWidth, rampedShare, strongestChallenger, type ContestInput } from '../../../src/core/optimizer/contest';
import { ObservationLog } from '../../../src/core/optimizer/observationLog';
import { Rng } from '../../../src/core/optimizer/random';
import type { SearchMethod, SearchSettings } from '../../../src/core/optimizer/types';
import { createZopo } from '../../../src/core/optimizer/zopo';

/** A log with the given evaluations (candidate, correct, total), `spent` queries in. */
function contest(results: [number, number, number][], spent: number, extra: Partial<ContestInput> = {}): ContestInput {
  const log = new ObservationLog(10);
  for (const [candidate, correct, total] of results) {
    log.markAsked(candidate, 1);
    log.record({ candidate, correct, total });
  }
  log.spent = spent;
  let leader = -1;
  for (const c of log.told) if (leader < 0 || log.mean(c) > log.mean(leader)) leader = c;
  return { log, leader, leaderScore: log.mean(leader), busy: () => false, budget: 100, reevaluated: 0, share: () => 1, z: 1.5, ...extra };
}

describe('the adaptive contest (LUCB re-evaluation)', () => {
  it('bounds shrink with examples and keep a floor at a perfect score', () => {
    assert.ok(halfWidth(0.7, 80, 1.5) < halfWidth(0.7, 20, 1.5) / 1.9);
    assert.ok(halfWidth(1, 20, 1.5) > 0.06, 'a 20/20 is not certain');
  });

  it('finds no challenger to a needle, and the closest rival in a close race', () => {
    assert.equal(strongestChallenger(contest([[0, 20, 20], [1, 12, 20], [2, 9, 20]], 50)), -1);
    assert.equal(strongestChallenger(contest([[0, 15, 20], [1, 14, 20], [2, 9, 20]], 50)), 1);
  });

  it('prefers the challenger with the higher upper bound: fewer examples at a similar mean', () => {
    // 0 leads at 0.75 over 80 examples; 1 reads 0.70 on 20, 2 reads 0.72 on 100.
    assert.equal(strongestChallenger(contest([[0, 60, 80], [1, 14, 20], [2, 72, 100]], 50)), 1);
  });

  it('re-evaluates the challenger, or the leader when it has fewer examples', () => {
    assert.equal(contestProposal(contest([[0, 60, 80], [1, 14, 20]], 50))?.candidate, 1);
    assert.equal(contestProposal(contest([[0, 16, 20], [1, 28, 40]], 50))?.candidate, 0);
    assert.equal(contestProposal(contest([[0, 16, 20], [1, 28, 40]], 50))?.reason, 'reevaluate');
  });

  it('skips busy candidates and stops at the share cap', () => {
    const close: [number, number, number][] = [[0, 15, 20], [1, 14, 20], [2, 13, 20]];
    assert.equal(contestProposal(contest(close, 50, { busy: (i) => i === 1 }))?.candidate, 2);
    assert.equal(contestProposal(contest(close, 50, { reevaluated: 10, share: () => 0.2 })), undefined);
    assert.equal(contestProposal(contest(close, 50, { reevaluated: 9, share: () => 0.2 }))?.candidate, 1);
    assert.equal(contestProposal(contest(close, 100)), undefined, 'the budget is spent');
  });

  it('counts the examples a round has already proposed: narrower bounds, the leader first only while it has fewer', () => {
    const close: [number, number, number][] = [[0, 15, 20], [1, 14, 20], [2, 13, 20]];
    assert.equal(strongestChallenger(contest(close, 50, { pending: (i) => (i === 1 ? 20 : 0) })), 2, '1 already has a re-evaluation coming');
    assert.equal(strongestChallenger(contest(close, 50, { pending: () => 1000 })), -1, 'settled by the round\'s own re-evaluations');
    assert.equal(contestProposal(contest([[0, 16, 20], [1, 28, 40]], 50, { pending: (i) => (i === 0 ? 40 : 0) }))?.candidate, 1);
  });

  it('ramps the share over the tail of the budget', () => {
    const s = rampedShare(0.1, 1, 0.2);
    assert.equal(s(0.5), 0.1);
    assert.equal(s(0.8), 0.1);
    assert.ok(Math.abs(s(0.9) - 0.55) < 1e-12);
    assert.ok(Math.abs(s(1) - 1) < 1e-12);
    assert.equal(rampedShare(0.3, 1, 0)(0.99), 0.3);
  });
});

/** A pool of `n` 4-d points; accuracy[i] is given; evaluates with Binomial(20) noise. */
function runOn(
  accuracy: number[],
  make: (s: SearchSettings) => SearchMethod,
  seed: number,
  budget: number,
  batch = 1,
): { reevaluations: number; afterBest: number; pick: number; maxRepeats: number; maxRoundCost: number } {
  const rng = new Rng(seed);
  const n = accuracy.length;
  const data = Float32Array.from({ length: n * 4 }, () => rng.normal());
  const m = make({ pool: { n, dim: 4, data }, budget, valSize: 20, seed });
  const noise = new Rng(seed + 99);
  let spent = 0;
  let reevaluations = 0;
  let afterBest = 0;
  let bestTold = false;
  let maxRepeats = 0;
  let maxRoundCost = 0;
  const best = accuracy.indexOf(Math.max(...accuracy));
  while (spent < budget) {
    const asked = m.ask(batch);
    if (asked.length === 0) break;
    assert.equal(new Set(asked.map((p) => p.candidate)).size, asked.length, 'one proposal per candidate in an ask');
    maxRoundCost = Math.max(maxRoundCost, asked.reduce((sum, p) => sum + p.repeats, 0));
    for (const p of asked) {
      maxRepeats = Math.max(maxRepeats, p.repeats);
      spent += p.repeats;
      if (p.reason === 'reevaluate') reevaluations += p.repeats;
      if (p.reason === 'reevaluate' && bestTold) afterBest += p.repeats;
      if (p.candidate === best) bestTold = true;
    }
    m.tell(asked.map((p) => ({ candidate: p.candidate, correct: noise.binomial(20 * p.repeats, accuracy[p.candidate] as number), total: 20 * p.repeats })));
  }
  return { reevaluations, afterBest, pick: m.portfolio(1)[0]?.candidate ?? -1, maxRepeats, maxRoundCost };
}

describe('ZOPO with the contest (the product default)', () => {
  const make = (s: SearchSettings): SearchMethod => createZopo(s, 'zopo');

  it('spends nothing on re-evaluation once one candidate stands far out', () => {
    const needle = Array.from({ length: 60 }, (_, i) => (i === 17 ? 0.95 : 0.05));
    let found = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = runOn(needle, make, seed, 60);
      if (r.pick !== 17) continue;
      found++;
      assert.equal(r.afterBest, 0, `seed ${seed}: re-evaluations after the needle was seen`);
    }
    assert.ok(found >= 3, `needle returned in ${found}/5 runs`);
  });

  it('in a batched round, re-evaluates a close pair more than once as one proposal with repeats, within k queries', () => {
    const pool = Array.from({ length: 30 }, (_, i) => (i === 3 ? 0.8 : i === 11 ? 0.75 : 0.2));
    let repeated = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = runOn(pool, make, seed, 64, 8);
      assert.ok(r.maxRoundCost <= 8, `seed ${seed}: a round of ${r.maxRoundCost} queries`);
      if (r.maxRepeats > 1) repeated++;
    }
    assert.ok(repeated >= 5, `a proposal with repeats > 1 in ${repeated}/10 runs`);
  });

  it('spends the tail deciding a close race, and returns the better of two close leaders more often than one look does', () => {
    // Two good candidates (0.8 and 0.7) among weak ones: all are seen, only the race tells them apart.
    const pool = Array.from({ length: 30 }, (_, i) => (i === 3 ? 0.8 : i === 11 ? 0.7 : 0.2));
    let withContest = 0;
    let without = 0;
    let spentOnRace = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = runOn(pool, make, seed, 45);
      spentOnRace += r.reevaluations;
      if (r.pick === 3) withContest++;
      const plain = runOn(pool, (s) => createZopo(s, 'zopo', { contestFinal: 0, leaderEvaluations: 0, raceShare: 0 }), seed, 45);
      if (plain.pick === 3) without++;
    }
    assert.ok(spentOnRace >= 30, `re-evaluations over 30 runs: ${spentOnRace}`);
    assert.ok(withContest > without, `best returned with the contest ${withContest}/30, without re-evaluation ${without}/30`);
  });
});

describe('ZOPO initial design on text features', () => {
  // Embeddings in two tight clusters; the format ("Q:/A:" or plain) is independent of them.
  function pool(n: number): { settings: SearchSettings; qa: boolean[] } {
    const rng = new Rng(5);
    const data = Float32Array.from({ length: n * 4 }, (_, k) => (Math.floor(k / 4) % 2 === 0 ? 1 : -1) + 0.01 * rng.normal());
    const qa = Array.from({ length: n }, (_, i) => i % 5 === 0);
    const texts = qa.map((q, i) => (q ? `Q: {input}\nA: word ${i}` : `Say which word fits {input} best, number ${i}.`));
    return { settings: { pool: { n, dim: 4, data }, budget: 40, valSize: 20, seed: 1, texts }, qa };
  }

  it('covers both formats in its first queries when features weigh in, not only the embedding clusters', () => {
    const { settings, qa } = pool(100);
    const formats = (weight: number): number => {
      let seeds = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const m = createZopo({ ...settings, seed }, 'zopo', { initialQueries: 4, initialFeatureWeight: weight });
        const first = m.ask(4).map((p) => p.candidate);
        if (first.some((c) => qa[c]) && first.some((c) => !qa[c])) seeds++;
      }
      return seeds;
    };
    const withFeatures = formats(0.25);
    assert.equal(withFeatures, 10, `both formats in ${withFeatures}/10 initial designs`);
    assert.ok(formats(0) < withFeatures, 'on the embedding alone the rare format is often missed');
  });
});
