import assert from 'node:assert/strict';
import { Adam } from '../../../src/core/optimizer/adam';
import { ObservationLog } from '../../../src/core/optimizer/observationLog';
import { pcaProject } from '../../../src/core/optimizer/pca';
import { optimaFirst, pickPortfolio, shrunkMean, wilsonInterval } from '../../../src/core/optimizer/portfolio';
import { Rng } from '../../../src/core/optimizer/random';
import { SearchSpace } from '../../../src/core/optimizer/searchSpace';
import { randomMatrix } from './helpers';

describe('SearchSpace', () => {
  const rng = new Rng(4);
  const space = new SearchSpace(50, 6, randomMatrix(rng, 50, 6));
  const p = randomMatrix(rng, 1, 6);
  const brute = Array.from({ length: 50 }, (_, i) => i)
    .map((i) => ({ i, d: space.row(i).reduce((s, v, j) => s + (v - p[j]!) ** 2, 0) }))
    .sort((a, b) => a.d - b.d)
    .map((o) => o.i);

  it('finds the k nearest rows like a brute-force sort', () => {
    assert.deepEqual(space.kNearest(p, 7, () => true), brute.slice(0, 7));
    assert.deepEqual(space.kNearest(p, 4, (i) => i % 2 === 0), brute.filter((i) => i % 2 === 0).slice(0, 4));
  });

  it('skips excluded rows when projecting', () => {
    assert.equal(space.nearest(p, () => true), brute[0]);
    assert.equal(space.nearest(p, (i) => i !== brute[0]), brute[1]);
    assert.equal(space.nearest(p, () => false), -1);
  });
});

describe('pcaProject', () => {
  it('keeps the distances of data lying in a low-dimensional subspace', () => {
    const rng = new Rng(8);
    const n = 120;
    const latent = randomMatrix(rng, n, 3);
    const basis = randomMatrix(rng, 3, 40);
    const data = new Float32Array(n * 40);
    for (let i = 0; i < n; i++) for (let j = 0; j < 40; j++) {
      data[i * 40 + j] = 5 + latent[i * 3]! * basis[j]! + latent[i * 3 + 1]! * basis[40 + j]! + latent[i * 3 + 2]! * basis[80 + j]!;
    }
    const proj = new SearchSpace(n, 3, pcaProject({ n, dim: 40, data }, 3, 1));
    const full = new SearchSpace(n, 40, Float64Array.from(data));
    for (const [a, b] of [[0, 1], [5, 77], [30, 119]] as const) {
      assert.ok(Math.abs(proj.distance2(a, b) - full.distance2(a, b)) < 1e-3 * full.distance2(a, b));
    }
  });
});

describe('portfolio', () => {
  it('computes Wilson intervals', () => {
    const [lo, hi] = wilsonInterval(15, 20);
    assert.ok(Math.abs(lo - 0.5313) < 1e-3 && Math.abs(hi - 0.8881) < 1e-3, `${lo} ${hi}`);
    assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
  });

  it('ranks by the shrunken mean so one lucky observation does not win', () => {
    const log = new ObservationLog(3);
    log.record({ candidate: 0, correct: 19, total: 20 });
    log.record({ candidate: 1, correct: 36, total: 40 });
    log.record({ candidate: 2, correct: 4, total: 20 });
    log.record({ candidate: 2, correct: 6, total: 20 });
    assert.ok(Math.abs(log.grandMean() - (19 / 20 + 36 / 40 + 10 / 40) / 3) < 1e-12, 'grand mean follows re-evaluations');
    const prior = log.grandMean();
    const picks = pickPortfolio(log, 2, (i) => shrunkMean(log.correct[i]!, log.total[i]!, prior, 20));
    assert.deepEqual(picks.map((p) => p.candidate), [1, 0]);
    assert.equal(picks[0]!.total, 40);
    assert.ok(picks[0]!.lower < picks[0]!.mean && picks[0]!.mean < picks[0]!.upper);
    assert.equal(pickPortfolio(log, 1, (i) => log.mean(i))[0]!.candidate, 0);
  });

  it('puts distinct local optima first, keeping the leader first', () => {
    // Candidates on a line, two peaks: 2 (best) and 7.
    const values = [0.2, 0.5, 0.9, 0.85, 0.4, 0.3, 0.6, 0.8, 0.7, 0.1];
    const ranked = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map((x) => x[1]);
    const near = (c: number) => [c - 1, c, c + 1].filter((i) => i >= 0 && i < values.length);
    const ordered = optimaFirst(ranked, near);
    assert.deepEqual(ordered.slice(0, 2), [2, 7]);
    assert.deepEqual([...ordered].sort((a, b) => a - b), values.map((_, i) => i));
  });
});

describe('Adam', () => {
  it('takes bias-corrected steps of size lr along the gradient sign, as torch.optim.Adam', () => {
    const adam = new Adam(3, 0.5);
    const x = Float64Array.from([1, 2, 3]);
    const g = Float64Array.from([0.2, -4, 0]);
    const x1 = adam.ascend(x, g);
    assert.ok(Math.abs(x1[0]! - 1.5) < 1e-6 && Math.abs(x1[1]! - 1.5) < 1e-6 && x1[2] === 3);
    // Second step with the gradient halved: m = 0.9 (0.1 * 0.2) + 0.1 * 0.1, v = 0.999 (0.001 * 0.04) + 0.001 * 0.01.
    const x2 = adam.ascend(x1, Float64Array.from([0.1, -2, 0]));
    const mHat = (0.9 * 0.02 + 0.1 * 0.1) / (1 - 0.9 ** 2);
    const vHat = (0.999 * 0.00004 + 0.001 * 0.01) / (1 - 0.999 ** 2);
    assert.ok(Math.abs(x2[0]! - (1.5 + (0.5 * mHat) / Math.sqrt(vHat))) < 1e-6);
    adam.reset();
    assert.ok(Math.abs(adam.ascend(x, g)[0]! - 1.5) < 1e-6);
  });
});
