import assert from 'node:assert/strict';
import { inverse, Matrix } from 'ml-matrix';
import { LocalNtkGp } from '../../../src/core/optimizer/localGp';
import { ReluNtk } from '../../../src/core/optimizer/ntk';
import { Rng } from '../../../src/core/optimizer/random';
import { assertClose, numericGradient, randomMatrix } from './helpers';

/** The posterior by the textbook formulas, with an explicit inverse from ml-matrix. */
function direct(ntk: ReluNtk, xs: Float64Array, y: number[], x: Float64Array, sigma: number, priorMean: number) {
  const d = ntk.inputDim;
  const m = y.length;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
    lo[j] = Math.min(lo[j]!, xs[i * d + j]!);
    hi[j] = Math.max(hi[j]!, xs[i * d + j]!);
  }
  const norm = (v: ArrayLike<number>, off: number) => Float64Array.from({ length: d }, (_, j) => (v[off + j]! - lo[j]!) / (hi[j]! - lo[j]!));
  const feats = Array.from({ length: m }, (_, i) => ntk.features(norm(xs, i * d)));
  const k = new Matrix(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) k.set(i, j, ntk.kernel(feats[i]!, feats[j]!) + (i === j ? sigma * sigma : 0));
  const kInv = inverse(k);
  const fx = ntk.features(norm(x, 0));
  const kx = Matrix.rowVector(feats.map((f) => ntk.kernel(fx, f)));
  const r = Matrix.columnVector(y.map((v) => v - priorMean));
  const mean = priorMean + kx.mmul(kInv).mmul(r).get(0, 0);
  const variance = ntk.kernel(fx, fx) - kx.mmul(kInv).mmul(kx.transpose()).get(0, 0);
  return { mean, variance };
}

describe('LocalNtkGp', () => {
  const ntk = new ReluNtk({ inputDim: 3, width: 8, depth: 2, seed: 5 });
  const rng = new Rng(11);
  const xs = randomMatrix(rng, 5, 3);
  const y = [0.2, 0.5, 0.9, 0.4, 0.7];
  const x = randomMatrix(rng, 1, 3);

  for (const centre of [false, true]) {
    it(`matches the direct posterior on 5 points (centre ${String(centre)})`, () => {
      const sigma = 0.3;
      const gp = new LocalNtkGp(ntk, xs, y, { sigma, normalise: true, centre });
      const p = gp.predict(x);
      const ref = direct(ntk, xs, y, x, sigma, centre ? y.reduce((a, b) => a + b) / y.length : 0);
      assertClose([p.mean], [ref.mean], 1e-7, 'mean');
      assertClose([p.variance], [ref.variance], 1e-6, 'variance');
      assert.equal(gp.jitter, 0);
    });
  }

  it('has grad_x mu equal to central finite differences (through the normalisation)', () => {
    const gp = new LocalNtkGp(ntk, xs, y, { sigma: 0.1, normalise: true, centre: true });
    const numeric = numericGradient((v) => gp.predict(v).mean, x, 1e-6);
    assertClose(gp.predict(x).gradient, numeric, 1e-5, 'grad mu');
  });

  it('interpolates a training point with near-zero variance', () => {
    const gp = new LocalNtkGp(ntk, xs, y, { sigma: 0.01, normalise: true, centre: false });
    const p = gp.predict(xs, 2 * 3);
    assert.ok(Math.abs(p.mean - y[2]!) < 1e-3, `mean ${p.mean}`);
    assert.ok(p.variance < 1e-3 * p.priorVariance);
  });

  it('reports jitter when the points repeat and there is no noise', () => {
    const dup = new Float64Array([...xs.subarray(0, 6), ...xs.subarray(0, 3)]);
    const gp = new LocalNtkGp(ntk, dup, [0.1, 0.2, 0.1], { sigma: 0, normalise: true, centre: false });
    assert.ok(gp.jitter > 0);
    assert.ok(Number.isFinite(gp.predict(x).mean));
  });
});
