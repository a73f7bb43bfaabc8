import assert from 'node:assert/strict';
import { inverse, Matrix } from 'ml-matrix';
import { BlendedMetric } from '../../../src/core/optimizer/blendedMetric';
import { GlobalGp } from '../../../src/core/optimizer/globalGp';
import { Rng } from '../../../src/core/optimizer/random';
import { SearchSpace } from '../../../src/core/optimizer/searchSpace';
import { assertClose, randomMatrix } from './helpers';

interface Hyper {
  lengthscale: number;
  signal: number;
  nugget: number;
}

/** R&W eq. 2.25-2.26 with an explicit inverse, for the GP's current hyperparameters. */
function direct(metric: BlendedMetric, rows: [number, number, number][], hyper: Hyper, at: number) {
  const n = rows.length;
  const { lengthscale: ls, signal, nugget } = hyper;
  const k = (a: number, b: number) => signal * Math.exp(-metric.distance2(a, b) / (2 * ls * ls));
  const kk = new Matrix(n, n);
  rows.forEach((r, i) => rows.forEach((q, j) => kk.set(i, j, k(r[0], q[0]) + (i === j ? r[2] + nugget : 0))));
  const inv = inverse(kk);
  const m = rows.reduce((s, r) => s + r[1], 0) / n;
  const ks = Matrix.rowVector(rows.map((r) => k(at, r[0])));
  const mean = m + ks.mmul(inv).mmul(Matrix.columnVector(rows.map((r) => r[1] - m))).get(0, 0);
  const variance = signal - ks.mmul(inv).mmul(ks.transpose()).get(0, 0);
  return [mean, variance];
}

describe('GlobalGp', () => {
  const rng = new Rng(3);
  const space = new SearchSpace(30, 4, randomMatrix(rng, 30, 4));
  const features = new SearchSpace(30, 2, randomMatrix(rng, 30, 2));
  // (candidate, observed mean, noise variance); candidate 2 is evaluated twice.
  const rows: [number, number, number][] = [[2, 0.6, 0.01], [5, 0.3, 0.01], [9, 0.8, 0.02], [2, 0.7, 0.01], [14, 0.5, 0.005]];

  it('matches the direct posterior as rows are appended and after a refit', () => {
    const metric = new BlendedMetric(space, features);
    const gp = new GlobalGp(metric, 100);
    for (const r of rows) gp.add(...r);
    gp.refit();
    const hyper = gp as unknown as Hyper;
    for (const at of [0, 2, 9, 17, 29]) {
      assertClose([gp.mean(at), gp.variance(at)], direct(metric, rows, hyper, at), 1e-8, `pool ${at}`);
    }
    gp.add(20, 0.9, 0.01);
    const more: [number, number, number][] = [...rows, [20, 0.9, 0.01]];
    for (const at of [1, 20]) {
      assertClose([gp.mean(at), gp.variance(at)], direct(metric, more, hyper, at), 1e-8, `pool ${at}`);
    }
  });

  /** A pool whose scores follow either its embedding or its feature column, the other being noise. */
  function twoViews(scoresFollow: 'embedding' | 'features') {
    const r = new Rng(11);
    const n = 80;
    const emb = randomMatrix(r, n, 3);
    const feat = randomMatrix(r, n, 1);
    const driver = scoresFollow === 'embedding' ? (i: number) => emb[i * 3] as number : (i: number) => feat[i] as number;
    const metric = new BlendedMetric(new SearchSpace(n, 3, emb), new SearchSpace(n, 1, feat));
    const gp = new GlobalGp(metric, 100);
    for (let i = 0; i < 60; i++) gp.add(i, 0.5 + 0.3 * Math.tanh(driver(i)), 0.0004);
    gp.refit();
    return { metric, gp, driver };
  }

  it('gives the text features weight by marginal likelihood when they explain the scores', () => {
    const { metric, gp, driver } = twoViews('features');
    assert.ok(metric.weight >= 2 / 3, `feature weight ${metric.weight}`);
    // Held-out candidates are predicted from their features.
    for (let i = 60; i < 80; i++) assert.ok(Math.abs(gp.mean(i) - (0.5 + 0.3 * Math.tanh(driver(i)))) < 0.08, `candidate ${i}`);
  });

  it('keeps the embedding alone when the features are noise', () => {
    assert.equal(twoViews('embedding').metric.weight, 0);
  });

  it('fits a nugget when neighbours disagree far more than the stated noise', () => {
    const r = new Rng(5);
    const metric = new BlendedMetric(space, undefined);
    const gp = new GlobalGp(metric, 100);
    for (let i = 0; i < 30; i++) gp.add(i, 0.5 + 0.2 * (r.next() - 0.5), 1e-5);
    gp.refit();
    assert.ok((gp as unknown as Hyper).nugget > 0);
  });
});
