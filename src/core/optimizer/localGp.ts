/**
 * A Gaussian process with the empirical NTK as its kernel, fitted on a handful of
 * queried points near the current point (ZOPO: the 20 nearest, gp_queries).
 *
 * Inputs are min-max normalised per dimension over the fitted points (a constant
 * dimension keeps lower bound 0 and range 1, as in the reference). With
 * alpha = (K + sigma^2 I)^-1 (y - m):
 *   mu(x) = m + k(x, X) alpha,   var(x) = k(x, x) - k(x, X)(K + sigma^2 I)^-1 k(X, x),
 *   grad_x mu(x) = [grad_x k(x, X)] alpha  (chain rule through the normalisation: / range).
 * The reference uses m = 0; centring on the mean of y is an option.
 */
import { cholesky, choleskySolve, solveLower, type CholeskyFactor } from './linalg';
import type { NtkFeatures, ReluNtk } from './ntk';

/** How the local GP is fitted. */
export interface LocalGpOptions {
  /** Observation noise standard deviation (reference 0.01). */
  readonly sigma: number;
  /** Min-max normalise each input dimension over the fitted points (reference: yes). */
  readonly normalise: boolean;
  /** Use the mean of y as the prior mean instead of 0. */
  readonly centre: boolean;
}

/** Posterior quantities at one input. */
export interface GpPrediction {
  readonly mean: number;
  readonly variance: number;
  /** k(x, x): the prior variance, for scale-free uncertainty (variance / prior). */
  readonly priorVariance: number;
  /** grad_x mu(x) in the caller's (unnormalised) coordinates. */
  readonly gradient: Float64Array;
}

/** A fitted local NTK-GP. */
export class LocalNtkGp {
  /** Jitter the Cholesky factorisation needed on top of sigma^2 (0 when none). */
  readonly jitter: number;
  private readonly lower: Float64Array;
  private readonly range: Float64Array;
  private readonly train: NtkFeatures[];
  private readonly alpha: Float64Array;
  private readonly factor: CholeskyFactor;
  private readonly priorMean: number;

  /**
   * Fits on `m` rows of `xs` (row-major m x ntk.inputDim) with targets `y`.
   */
  constructor(
    private readonly ntk: ReluNtk,
    xs: ArrayLike<number>,
    y: ArrayLike<number>,
    options: LocalGpOptions,
  ) {
    const d = ntk.inputDim;
    const m = y.length;
    [this.lower, this.range] = bounds(xs, m, d, options.normalise);
    this.train = [];
    for (let i = 0; i < m; i++) this.train.push(ntk.features(this.normalised(xs, i * d)));
    const k = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        const v = ntk.kernel(this.train[i] as NtkFeatures, this.train[j] as NtkFeatures);
        k[i * m + j] = v;
        k[j * m + i] = v;
      }
      k[i * m + i] = (k[i * m + i] as number) + options.sigma * options.sigma;
    }
    this.factor = cholesky(k, m);
    this.jitter = this.factor.jitter;
    let mean = 0;
    for (let i = 0; i < m; i++) mean += y[i] as number;
    this.priorMean = options.centre && m > 0 ? mean / m : 0;
    const r = new Float64Array(m);
    for (let i = 0; i < m; i++) r[i] = (y[i] as number) - this.priorMean;
    this.alpha = choleskySolve(this.factor, r);
  }

  /** Posterior mean, variance and mean gradient at `x` (read from `offset`). */
  predict(x: ArrayLike<number>, offset = 0): GpPrediction {
    const f = this.ntk.features(this.normalised(x, offset));
    const m = this.train.length;
    const kx = new Float64Array(m);
    let mean = this.priorMean;
    for (let i = 0; i < m; i++) {
      kx[i] = this.ntk.kernel(f, this.train[i] as NtkFeatures);
      mean += (kx[i] as number) * (this.alpha[i] as number);
    }
    const priorVariance = this.ntk.kernel(f, f);
    const v = solveLower(this.factor, kx);
    let explained = 0;
    for (let i = 0; i < m; i++) explained += (v[i] as number) * (v[i] as number);
    const gradient = this.ntk.weightedInputGradient(f, this.train, this.alpha);
    for (let j = 0; j < gradient.length; j++) gradient[j] = (gradient[j] as number) / (this.range[j] as number);
    return { mean, variance: priorVariance - explained, priorVariance, gradient };
  }

  private normalised(x: ArrayLike<number>, offset: number): Float64Array {
    const d = this.ntk.inputDim;
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++) out[j] = ((x[offset + j] as number) - (this.lower[j] as number)) / (this.range[j] as number);
    return out;
  }
}

/** Per-dimension lower bound and range over the rows (identity when not normalising). */
function bounds(xs: ArrayLike<number>, m: number, d: number, normalise: boolean): [Float64Array, Float64Array] {
  const lower = new Float64Array(d);
  const range = new Float64Array(d).fill(1);
  if (!normalise || m === 0) return [lower, range];
  const upper = new Float64Array(d);
  lower.fill(Infinity);
  upper.fill(-Infinity);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      const v = xs[i * d + j] as number;
      if (v < (lower[j] as number)) lower[j] = v;
      if (v > (upper[j] as number)) upper[j] = v;
    }
  }
  for (let j = 0; j < d; j++) {
    const r = (upper[j] as number) - (lower[j] as number);
    if (r > 0) range[j] = r;
    else lower[j] = 0;
  }
  return [lower, range];
}
