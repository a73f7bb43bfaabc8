/**
 * Principal-component projection of the embedding pool, so that the GP and the
 * nearest-neighbour scans of the search work in tens of dimensions instead of 1,536.
 * Randomised range finder with one power iteration (Halko, Martinsson & Tropp 2011,
 * Alg. 4.4) on a row sample, then the small p x p eigenproblem through ml-matrix.
 * Memory stays O(sample x p + D x p); the pool itself is read, never copied densely.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from './random';
import type { EmbeddingPool } from './types';

/** Rows of the pool projected on its top `dims` principal axes (row-major n x dims). */
export function pcaProject(pool: EmbeddingPool, dims: number, seed: number, maxRows = 600): Float64Array {
  const { n, dim } = pool;
  const mean = columnMeans(pool);
  const rows = new Rng(seed ^ 0x5ca1ab1e).shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.min(n, maxRows));
  const sample = centredRows(pool, rows, mean);
  const s = rows.length;
  const p = Math.min(dims + 10, s, dim);
  const rng = new Rng(seed ^ 0x0dd5eed);
  // Q: s x p, an orthonormal basis of the sample's dominant column space.
  let z: Float64Array = new Float64Array(dim * p).map(() => rng.normal());
  let q = orthonormalise(timesRight(sample, s, dim, z, p), s, p);
  // One power iteration sharpens the basis towards the top components.
  z = orthonormalise(timesLeftT(sample, s, dim, q, p), dim, p);
  q = orthonormalise(timesRight(sample, s, dim, z, p), s, p);
  const b = timesLeftT(sample, s, dim, q, p); // dim x p, = Xc^T Q
  const axes = principalAxes(b, dim, p, Math.min(dims, p));
  return project(pool, mean, axes, Math.min(dims, p));
}

function columnMeans(pool: EmbeddingPool): Float64Array {
  const mean = new Float64Array(pool.dim);
  for (let i = 0; i < pool.n; i++) for (let j = 0; j < pool.dim; j++) mean[j] = (mean[j] as number) + (pool.data[i * pool.dim + j] as number);
  return mean.map((v) => v / Math.max(1, pool.n));
}

/** The sampled rows minus the mean, row-major (rows x dim). */
function centredRows(pool: EmbeddingPool, rows: readonly number[], mean: Float64Array): Float64Array {
  const out = new Float64Array(rows.length * pool.dim);
  rows.forEach((r, a) => {
    for (let j = 0; j < pool.dim; j++) out[a * pool.dim + j] = (pool.data[r * pool.dim + j] as number) - (mean[j] as number);
  });
  return out;
}

/** X Z for X (s x dim) and Z (dim x p), both row-major. */
function timesRight(x: Float64Array, s: number, dim: number, z: Float64Array, p: number): Float64Array {
  const out = new Float64Array(s * p);
  const acc = new Float64Array(p);
  for (let a = 0; a < s; a++) {
    acc.fill(0);
    for (let j = 0; j < dim; j++) {
      const v = x[a * dim + j] as number;
      const zo = j * p;
      for (let c = 0; c < p; c++) acc[c] = (acc[c] as number) + v * (z[zo + c] as number);
    }
    out.set(acc, a * p);
  }
  return out;
}

/** X^T Q (dim x p) for X (s x dim) and Q (s x p). */
function timesLeftT(x: Float64Array, s: number, dim: number, q: Float64Array, p: number): Float64Array {
  const out = new Float64Array(dim * p);
  for (let a = 0; a < s; a++) {
    const qa = q.subarray(a * p, (a + 1) * p);
    for (let j = 0; j < dim; j++) {
      const v = x[a * dim + j] as number;
      const o = j * p;
      for (let c = 0; c < p; c++) out[o + c] = (out[o + c] as number) + v * (qa[c] as number);
    }
  }
  return out;
}

/** Modified Gram-Schmidt on the p columns of a row-major rows x p matrix (in place). */
function orthonormalise(m: Float64Array, rows: number, p: number): Float64Array {
  for (let c = 0; c < p; c++) {
    for (let prev = 0; prev < c; prev++) {
      let d = 0;
      for (let r = 0; r < rows; r++) d += (m[r * p + c] as number) * (m[r * p + prev] as number);
      for (let r = 0; r < rows; r++) m[r * p + c] = (m[r * p + c] as number) - d * (m[r * p + prev] as number);
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += (m[r * p + c] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < rows; r++) m[r * p + c] = (m[r * p + c] as number) / norm;
  }
  return m;
}

/**
 * With B = Xc^T Q (dim x p), the principal axes are the top eigenvectors of B B^T,
 * obtained from the p x p matrix B^T B: v = B u / ||B u||.
 */
function principalAxes(b: Float64Array, dim: number, p: number, k: number): Float64Array {
  const btb = new Matrix(p, p);
  for (let a = 0; a < p; a++) {
    for (let c = a; c < p; c++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (b[j * p + a] as number) * (b[j * p + c] as number);
      btb.set(a, c, s);
      btb.set(c, a, s);
    }
  }
  const eig = new EigenvalueDecomposition(btb, { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const u = eig.eigenvectorMatrix;
  const axes = new Float64Array(k * dim);
  for (let t = 0; t < k; t++) {
    const col = (order[t] as readonly [number, number])[1];
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += (b[j * p + c] as number) * u.get(c, col);
      axes[t * dim + j] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < dim; j++) axes[t * dim + j] = (axes[t * dim + j] as number) / norm;
  }
  return axes;
}

function project(pool: EmbeddingPool, mean: Float64Array, axes: Float64Array, k: number): Float64Array {
  const out = new Float64Array(pool.n * k);
  const centred = new Float64Array(pool.dim);
  for (let i = 0; i < pool.n; i++) {
    for (let j = 0; j < pool.dim; j++) centred[j] = (pool.data[i * pool.dim + j] as number) - (mean[j] as number);
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < pool.dim; j++) s += (axes[t * pool.dim + j] as number) * (centred[j] as number);
      out[i * k + t] = s;
    }
  }
  return out;
}
