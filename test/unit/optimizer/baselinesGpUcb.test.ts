import assert from 'node:assert/strict';
import { determinant, inverse, Matrix } from 'ml-matrix';
import { runMethod } from '../../../src/bench/harness';
import { createGpUcb, GpUcb } from '../../../src/core/optimizer/baselines/gpUcb';
import { PoolDistances } from '../../../src/core/optimizer/baselines/poolDistances';
import { PoolGp } from '../../../src/core/optimizer/baselines/poolGp';
import { fitRbfHyper, profiledLogLikelihood, unitRbfMatrix } from '../../../src/core/optimizer/baselines/rbfHyperparameters';
import { createRandomSearch } from '../../../src/core/optimizer/baselines/randomSearch';
import { Rng } from '../../../src/core/optimizer/random';
import type { EmbeddingPool } from '../../../src/core/optimizer/types';
import { smoothLandscape } from '../bench/fixtures';

// Dyadic coordinates, exact in the pool's Float32Array, so the direct formulas can be matched to 1e-9.
const POINTS = [[0, 0], [1, 0.5], [-0.5, 1], [0.25, -0.75], [1.25, 1.125], [-1, -0.375]];
const pool: EmbeddingPool = { n: POINTS.length, dim: 2, data: Float32Array.from(POINTS.flat()) };

function rbf(a: number, b: number, lengthscale: number): number {
  const pa = POINTS[a] as number[];
  const pb = POINTS[b] as number[];
  const d2 = pa.reduce((s, v, i) => s + (v - (pb[i] as number)) ** 2, 0);
  return Math.exp(-d2 / (2 * lengthscale * lengthscale));
}

describe('RBF pool GP (gp-ucb baseline)', () => {
  it('matches the direct posterior formulas on a tiny case', () => {
    const hyper = { lengthscale: 0.8, noise: 0.1, signal: 1.7 };
    const rows = [3, 0, 4];
    const y = [0.5, -1, 0.2];
    const gp = new PoolGp(new PoolDistances(pool), hyper);
    for (const c of rows) gp.append(c);
    const k = new Matrix(rows.map((a) => rows.map((b) => rbf(a, b, hyper.lengthscale) + (a === b ? hyper.noise : 0))));
    const kInv = inverse(k);
    const mean = gp.mean(y);
    for (let j = 0; j < pool.n; j++) {
      const kStar = Matrix.rowVector(rows.map((c) => rbf(j, c, hyper.lengthscale)));
      const expMean = kStar.mmul(kInv).mmul(Matrix.columnVector(y)).get(0, 0);
      const expVar = hyper.signal * (1 - kStar.mmul(kInv).mmul(kStar.transpose()).get(0, 0));
      assert.ok(Math.abs((mean[j] as number) - expMean) < 1e-9, `mean at ${j}: ${mean[j]} vs ${expMean}`);
      assert.ok(Math.abs(gp.variance(j) - expVar) < 1e-9, `variance at ${j}`);
    }
  });

  it('computes the profiled marginal likelihood like the direct formula', () => {
    const rows = [1, 2, 5, 0];
    const y = [0.3, -0.2, 1.1, -1.2];
    const lengthscale = 0.9;
    const noise = 0.05;
    const unit = unitRbfMatrix(new PoolDistances(pool), rows, lengthscale);
    const { logLik, signal } = profiledLogLikelihood(unit, rows.length, y, noise);
    const a = new Matrix(rows.map((r) => rows.map((c) => rbf(r, c, lengthscale) + (r === c ? noise : 0))));
    const q = Matrix.rowVector(y).mmul(inverse(a)).mmul(Matrix.columnVector(y)).get(0, 0);
    const n = rows.length;
    assert.ok(Math.abs(signal - q / n) < 1e-9, `${signal} vs ${q / n}`);
    assert.ok(Math.abs(logLik - (-0.5 * n * Math.log(q / n) - 0.5 * Math.log(determinant(a)))) < 1e-9);
  });

  it('fits a large noise ratio to pure noise and a small one to a smooth function', () => {
    const land = smoothLandscape(3, 120, 3);
    const dists = new PoolDistances(land.pool);
    const rows = Array.from({ length: 60 }, (_, i) => i);
    const rng = new Rng(8);
    const median = dists.medianDistance(rng);
    const standardise = (v: number[]): number[] => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
      return v.map((x) => (x - m) / sd);
    };
    const smooth = fitRbfHyper(dists, rows, standardise(rows.map((r) => land.accuracy[r] as number)), median);
    const noisy = fitRbfHyper(dists, rows, standardise(rows.map(() => rng.normal())), median);
    assert.ok(smooth.noise <= 0.05, `smooth noise ${smooth.noise}`);
    assert.ok(noisy.noise >= 0.8, `noise-only noise ${noisy.noise}`);
  });

  it('gives squared distances between pool rows', () => {
    const d = new PoolDistances(pool);
    assert.ok(Math.abs((d.row(1)[4] as number) - (0.25 ** 2 + 0.625 ** 2)) < 1e-9);
    assert.equal(d.between(4, 1), d.row(1)[4]);
    assert.equal(d.row(2)[2], 0);
  });
});

describe('gp-ucb baseline', () => {
  it('never repeats a candidate, respects the budget and returns distinct batches', () => {
    const land = smoothLandscape(4, 40, 3);
    const m = new GpUcb({ pool: land.pool, budget: 30, valSize: 20, seed: 2 }, { initial: 4 });
    const seen: number[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = m.ask(4);
      assert.equal(new Set(batch.map((p) => p.candidate)).size, batch.length);
      seen.push(...batch.map((p) => p.candidate));
      m.tell(batch.map((p) => ({ candidate: p.candidate, correct: 20 * (land.accuracy[p.candidate] as number), total: 20 })));
    }
    assert.equal(seen.length, 30);
    assert.equal(new Set(seen).size, 30);
    assert.equal(m.name, 'gp-ucb');
  });

  it('is deterministic by seed', () => {
    const land = smoothLandscape(9, 60, 3);
    const trace = (seed: number): number[] => runMethod(land, (s) => createGpUcb(s, { initial: 4 }), { seed, budget: 15 }).trace;
    assert.deepEqual(trace(3), trace(3));
    assert.notDeepEqual(trace(3), trace(4));
  });

  it('beats random search on a smooth landscape, on average over seeds', () => {
    let gp = 0;
    let random = 0;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const seed of seeds) {
      const land = smoothLandscape(100 + seed, 200, 4);
      gp += runMethod(land, (s) => createGpUcb(s, { initial: 5 }), { seed, budget: 20 }).trace[19] as number;
      random += runMethod(land, (s) => createRandomSearch(s), { seed, budget: 20 }).trace[19] as number;
    }
    gp /= seeds.length;
    random /= seeds.length;
    assert.ok(gp > random + 0.08, `gp-ucb ${gp.toFixed(3)} vs random ${random.toFixed(3)}`);
  });
});
