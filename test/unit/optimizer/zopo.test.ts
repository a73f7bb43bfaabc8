import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/optimizer/random';
import type { Observation, Proposal, SearchMethod, SearchSettings } from '../../../src/core/optimizer/types';
import { createZopo } from '../../../src/core/optimizer/zopo';
import { smoothLandscape } from './helpers';

interface Run {
  proposals: Proposal[];
  best: number;
  picks: number[];
}

/** Runs a method on a landscape with binomial noise (valSize 20); returns what it did. */
function run(method: (s: SearchSettings) => SearchMethod, seed: number, budget: number, batch = 1, landscapeSeed = 7): Run {
  const { pool, accuracy } = smoothLandscape(landscapeSeed);
  const m = method({ pool, budget, valSize: 20, seed });
  const noise = new Rng(seed + 1000);
  const proposals: Proposal[] = [];
  const picks: number[] = [];
  let spent = 0;
  while (spent < budget) {
    const asked = m.ask(batch);
    if (asked.length === 0) break;
    const obs: Observation[] = asked.map((p) => {
      spent += p.repeats;
      return { candidate: p.candidate, correct: noise.binomial(20 * p.repeats, accuracy[p.candidate]!), total: 20 * p.repeats };
    });
    proposals.push(...asked);
    m.tell(obs.reverse());
    picks.push(m.portfolio(1)[0]!.candidate);
  }
  return { proposals, best: accuracy[picks.at(-1)!]!, picks };
}

function randomSearch(s: SearchSettings): SearchMethod {
  const order = new Rng(s.seed).shuffle(Array.from({ length: s.pool.n }, (_, i) => i));
  const told = new Map<number, number>();
  return {
    name: 'random',
    ask: (k) => order.splice(0, k).map((candidate) => ({ candidate, repeats: 1, reason: 'random' as const })),
    tell: (obs) => obs.forEach((o) => told.set(o.candidate, o.correct / o.total)),
    portfolio: () => {
      const [c, v] = [...told].reduce((a, b) => (b[1] > a[1] ? b : a));
      return [{ candidate: c, mean: v, lower: v, upper: v, total: 20 }];
    },
  };
}

describe('ZOPO search', () => {
  for (const preset of ['zopo', 'paper'] as const) {
    describe(`preset ${preset}`, () => {
      const make = (s: SearchSettings) => createZopo(s, preset, preset === 'paper' ? { initialQueries: 15 } : {});

      it('is deterministic for a seed', () => {
        const a = run(make, 3, 50);
        const b = run(make, 3, 50);
        assert.deepEqual(a.proposals, b.proposals);
        assert.deepEqual(a.picks, b.picks);
        assert.notDeepEqual(run(make, 4, 50).proposals, a.proposals);
      });

      for (const batch of [1, 3]) {
        it(`never proposes a queried candidate except to re-evaluate it (batch ${batch})`, () => {
          const r = run(make, 5, 80, batch);
          const seen = new Set<number>();
          for (const p of r.proposals) {
            if (p.reason === 'reevaluate') assert.ok(seen.has(p.candidate), 're-evaluates only what it queried');
            else assert.ok(!seen.has(p.candidate), `candidate ${p.candidate} proposed twice (${p.reason})`);
            seen.add(p.candidate);
          }
          assert.ok(r.proposals.reduce((s, p) => s + p.repeats, 0) <= 80, 'stays within the budget');
        });
      }
    });
  }

  it('uses the reference preset\'s initial design of 40 random queries', () => {
    const r = run((s) => createZopo(s, 'paper'), 1, 45);
    assert.equal(r.proposals.slice(0, 40).filter((p) => p.reason === 'initial').length, 40);
  });

  it('explores the nearest unqueried neighbours on the 5th uncertain ask, and restarts when stale', () => {
    const { pool } = smoothLandscape(7);
    const r = run((s) => createZopo(s, 'paper', { initialQueries: 10, uncertaintyThreshold: -1 }), 2, 90);
    const reasons = r.proposals.map((p) => p.reason);
    const firstExplore = reasons.indexOf('explore');
    assert.ok(firstExplore > 10, 'exploration happens after the initial design');
    assert.ok(reasons.slice(10, 14).every((x) => x === 'gradient' || x === 'restart'));
    assert.equal(firstExplore, 14, 'the 5th consecutive uncertain ask explores instead of stepping');
    // The explored candidates are the start point's nearest neighbours in the pool.
    const start = r.proposals[13]!.candidate;
    const explored = r.proposals.slice(14).filter((p) => p.reason === 'explore').slice(0, 3).map((p) => p.candidate);
    const d2 = (a: number, b: number) => Array.from({ length: pool.dim }, (_, j) => (pool.data[a * pool.dim + j]! - pool.data[b * pool.dim + j]!) ** 2).reduce((x, y) => x + y);
    const rank = Array.from({ length: pool.n }, (_, i) => i).sort((a, b) => d2(start, a) - d2(start, b));
    for (const c of explored) assert.ok(rank.indexOf(c) <= 10, `explored ${c} is not among the 10 nearest of ${start}`);
    assert.ok(reasons.includes('restart'), 'restarts after more than 4 asks without improvement');
  });

  it('copes with a pool smaller than its initial design and projection', () => {
    const rng = new Rng(9);
    const pool = { n: 6, dim: 40, data: Float32Array.from({ length: 240 }, () => rng.normal()) };
    for (const preset of ['zopo', 'paper'] as const) {
      const m = createZopo({ pool, budget: 20, valSize: 10, seed: 1 }, preset);
      let spent = 0;
      for (let round = 0; round < 40 && spent < 20; round++) {
        const asked = m.ask(2);
        if (asked.length === 0) break;
        spent += asked.reduce((s, p) => s + p.repeats, 0);
        m.tell(asked.map((p) => ({ candidate: p.candidate, correct: 5 * p.repeats, total: 10 * p.repeats })));
      }
      assert.ok(spent <= 20);
      assert.equal(m.portfolio(3).length, 3);
    }
  });

  it('returns distinct candidates from ask(k)', () => {
    const { pool } = smoothLandscape(7);
    const m = createZopo({ pool, budget: 30, valSize: 20, seed: 2 }, 'zopo');
    const asked = m.ask(8);
    assert.equal(new Set(asked.map((p) => p.candidate)).size, asked.length);
  });

  it('finds the maximum of a smooth landscape better than random search on average', () => {
    let zopo = 0;
    let random = 0;
    const seeds = 8;
    for (let s = 0; s < seeds; s++) {
      zopo += run((st) => createZopo(st, 'zopo'), s, 40, 1, 20 + s).best / seeds;
      random += run(randomSearch, s, 40, 1, 20 + s).best / seeds;
    }
    assert.ok(zopo > random + 0.01, `zopo ${zopo.toFixed(3)} vs random ${random.toFixed(3)}`);
  });
});
