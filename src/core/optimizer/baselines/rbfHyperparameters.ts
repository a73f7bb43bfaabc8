/**
 * Cheap RBF hyperparameter fitting for the baseline GP: a small grid of lengthscales (around
 * the median-heuristic distance) and noise ratios, scored by the log marginal likelihood with
 * the signal variance profiled out (its maximiser is y^T A^-1 y / n for A = R + lambda I).
 */
import { cholesky, logDet, solveLower } from '../linalg';
import type { PoolDistances } from './poolDistances';
import type { RbfHyper } from './poolGp';

/** The grid searched, relative to the median-heuristic lengthscale. */
export interface RbfGrid {
  readonly lengthscaleFactors: readonly number[];
  readonly noises: readonly number[];
}

export const DEFAULT_RBF_GRID: RbfGrid = {
  lengthscaleFactors: [0.25, 0.35, 0.5, 0.7, 1, 1.4],
  noises: [0.01, 0.05, 0.2, 0.8, 3],
};

/**
 * Profiled log marginal likelihood (up to a constant) of standardised `y` under the unit kernel
 * matrix `unit` (n x n) plus `noise` on the diagonal.
 */
export function profiledLogLikelihood(
  unit: Float64Array,
  n: number,
  y: ArrayLike<number>,
  noise: number,
): { logLik: number; signal: number } {
  const a = Float64Array.from(unit);
  for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i] as number) + noise;
  const f = cholesky(a, n);
  const w = solveLower(f, y);
  let q = 0;
  for (let i = 0; i < n; i++) q += (w[i] as number) ** 2;
  const signal = Math.max(q / n, 1e-12);
  return { logLik: -0.5 * n * Math.log(signal) - 0.5 * logDet(f), signal };
}

/** The grid point with the highest profiled marginal likelihood. */
export function fitRbfHyper(
  dists: PoolDistances,
  candidates: readonly number[],
  y: ArrayLike<number>,
  medianDistance: number,
  grid: RbfGrid = DEFAULT_RBF_GRID,
): RbfHyper {
  let best: RbfHyper = { lengthscale: medianDistance, noise: 0.2, signal: 1 };
  let bestLik = -Infinity;
  for (const f of grid.lengthscaleFactors) {
    const lengthscale = f * medianDistance;
    const unit = unitRbfMatrix(dists, candidates, lengthscale);
    for (const noise of grid.noises) {
      const { logLik, signal } = profiledLogLikelihood(unit, candidates.length, y, noise);
      if (logLik > bestLik) {
        bestLik = logLik;
        best = { lengthscale, noise, signal };
      }
    }
  }
  return best;
}

/** The unit-variance RBF kernel matrix over `candidates`, row-major. */
export function unitRbfMatrix(dists: PoolDistances, candidates: readonly number[], lengthscale: number): Float64Array {
  const n = candidates.length;
  const scale = -1 / (2 * lengthscale * lengthscale);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = dists.row(candidates[i] as number);
    for (let k = 0; k <= i; k++) {
      const v = Math.exp((row[candidates[k] as number] as number) * scale);
      a[i * n + k] = v;
      a[k * n + i] = v;
    }
  }
  return a;
}
