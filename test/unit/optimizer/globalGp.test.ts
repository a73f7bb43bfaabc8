import { inverse, Matrix } from 'ml-matrix';
import { GlobalGp } from '../../../src/core/optimizer/globalGp';
import { Rng } from '../../../src/core/optimizer/random';
import { SearchSpace } from '../../../src/core/optimizer/searchSpace';
import { assertClose, randomMatrix } from './helpers';

/** R&W eq. 2.25-2.26 with an explicit inverse, for the GP's current hyperparameters. */
function direct(space: SearchSpace, rows: [number, number, number][], ls: number, signal: number, at: number) {
  const n = rows.length;
  const k = (a: number, b: number) => signal * Math.exp(-space.distance2(a, b) / (2 * ls * ls));
  const kk = new Matrix(n, n);
  rows.forEach((r, i) => rows.forEach((q, j) => kk.set(i, j, k(r[0], q[0]) + (i === j ? r[2] : 0))));
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
  // (candidate, observed mean, noise variance); candidate 2 is evaluated twice.
  const rows: [number, number, number][] = [[2, 0.6, 0.01], [5, 0.3, 0.01], [9, 0.8, 0.02], [2, 0.7, 0.01], [14, 0.5, 0.005]];

  it('matches the direct posterior as rows are appended and after a refit', () => {
    const gp = new GlobalGp(space, 100);
    for (const r of rows) gp.add(...r);
    gp.refit();
    const hyper = gp as unknown as { lengthscale: number; signal: number };
    for (const at of [0, 2, 9, 17, 29]) {
      assertClose([gp.mean(at), gp.variance(at)], direct(space, rows, hyper.lengthscale, hyper.signal, at), 1e-8, `pool ${at}`);
    }
    gp.add(20, 0.9, 0.01);
    const more: [number, number, number][] = [...rows, [20, 0.9, 0.01]];
    for (const at of [1, 20]) {
      assertClose([gp.mean(at), gp.variance(at)], direct(space, more, hyper.lengthscale, hyper.signal, at), 1e-8, `pool ${at}`);
    }
  });
});
