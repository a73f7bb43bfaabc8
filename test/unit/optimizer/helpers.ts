/** Shared fixtures for the optimizer unit tests. */
import { Rng } from '../../../src/core/optimizer/random';
import type { EmbeddingPool } from '../../../src/core/optimizer/types';

/** `n` x `d` standard normal numbers, row-major. */
export function randomMatrix(rng: Rng, n: number, d: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n * d }, () => scale * rng.normal());
}

/** A random symmetric positive-definite n x n matrix (B B^T + n I). */
export function randomSpd(rng: Rng, n: number): Float64Array {
  const b = randomMatrix(rng, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += (b[i * n + k] as number) * (b[j * n + k] as number);
      a[i * n + j] = s;
    }
  }
  return a;
}

/** Central finite-difference gradient of `f` at `x`. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const up = x.slice();
    const down = x.slice();
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    g[i] = (f(up) - f(down)) / (2 * h);
  }
  return g;
}

/** Asserts |a - b| <= tol * max(1, |b|) element-wise; returns the worst relative error. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`${what}[${i}]: ${a} vs ${e}`);
  }
}

/**
 * A small smooth synthetic landscape: `n` points in `d` dims drawn around a few cluster
 * centres, accuracy a sum of Gaussian bumps, between about 0.1 and 0.9.
 */
export function smoothLandscape(seed: number, n = 240, d = 8): { pool: EmbeddingPool; accuracy: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = rng.normal();
  const bumps = [0, 1, 2].map(() => Float64Array.from({ length: d }, () => 1.2 * rng.normal()));
  const heights = [0.8, 0.55, 0.5];
  const accuracy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0.1;
    bumps.forEach((c, b) => {
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += ((data[i * d + j] as number) - (c[j] as number)) ** 2;
      v = Math.max(v, 0.1 + (heights[b] as number) * Math.exp(-r2 / (2 * 2.5 * 2.5)));
    });
    accuracy[i] = Math.min(0.9, v);
  }
  return { pool: { n, dim: d, data }, accuracy };
}
