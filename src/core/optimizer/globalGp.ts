/**
 * A cheap global GP over the whole pool (RBF kernel on a blend of the embedding and the
 * candidates' text features, blendedMetric.ts). Its UCB choice
 * alternates with the local walkers' proposals in the product preset: bump-shaped
 * landscapes suit a global smooth model, plateaus and cliffs suit local steps.
 *
 * Every evaluation is one row (a re-evaluated candidate appears twice, each row with its
 * own binomial noise), so the model grows by appending. With the Cholesky factor L of
 * K + diag(noise), keep V = L^-1 K(X, pool) row by row: a new row costs O(n N) and
 *   mu_i = m + v_i . L^-1 (y - m 1),   var_i = s^2 - ||v_i||^2   (Rasmussen & Williams eq. 2.25-2.26)
 * are running sums over rows, so predicting the whole pool after a tell is O(N).
 * Hyperparameters (lengthscale, signal variance, and a nugget added to every row's binomial
 * noise) are chosen by marginal likelihood on a small grid at a few points in the run, which
 * rebuilds V. The nugget matters on real prompt landscapes: neighbours in an embedding differ
 * by far more than the binomial noise, and without it the GP interpolates lucky observations
 * and its UCB stops exploring.
 */
import { cholesky, choleskySolve, logDet } from './linalg';
import { PoolCholesky } from './poolCholesky';
import { blend, type BlendedMetric } from './blendedMetric';

interface Row {
  readonly candidate: number;
  readonly y: number;
  readonly noise: number;
}

/** Lengthscale multipliers of the median pairwise distance tried when refitting. */
const LENGTHSCALE_GRID = [0.25, 0.35, 0.5, 0.7, 1];
const SIGNAL_GRID = [0.5, 1, 2];
/** Nugget variances tried, as multiples of the observations' variance. */
const NUGGET_GRID = [0, 0.25, 1, 4];

/** The incremental global RBF GP. */
export class GlobalGp {
  private rows: Row[] = [];
  /** Tracks y (projection 0) and 1 (projection 1), for the running posterior mean. */
  private readonly factor: PoolCholesky;
  private lengthscale = 1;
  private signal = 0.04;
  private nugget = 0;

  constructor(
    private readonly metric: BlendedMetric,
    /** Rows kept at most; later evaluations are ignored by this model (memory O(capacity N)). */
    private readonly capacity: number,
  ) {
    this.factor = new PoolCholesky(metric.n, 2);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Appends one evaluation: candidate, observed mean, noise variance of that mean. */
  add(candidate: number, y: number, noise: number): void {
    if (this.rows.length >= this.capacity) return;
    this.rows.push({ candidate, y, noise });
    this.appendRow(this.rows.length - 1);
  }

  /**
   * Refits the feature weight of the blended metric, the lengthscale, signal variance and
   * nugget by marginal likelihood, then rebuilds.
   */
  refit(): void {
    const n = this.rows.length;
    if (n < 3) return;
    const e = new Float64Array(n * n);
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      const [de, df] = this.metric.parts((this.rows[i] as Row).candidate, (this.rows[j] as Row).candidate);
      e[i * n + j] = e[j * n + i] = de;
      f[i * n + j] = f[j * n + i] = df;
    }
    const ys = this.rows.map((r) => r.y);
    const m = ys.reduce((a, b) => a + b, 0) / n;
    const varY = Math.max(1e-4, ys.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    let best = -Infinity;
    for (const w of this.metric.weights) {
      const d2 = e.map((v, k) => blend(v, f[k] as number, w));
      const base = Math.sqrt(medianPositive(d2));
      for (const ls of LENGTHSCALE_GRID) for (const sg of SIGNAL_GRID) for (const ng of NUGGET_GRID) {
        const ll = this.logLikelihood(d2, ys, m, ls * base, sg * varY, ng * varY);
        if (ll > best) {
          best = ll;
          this.metric.weight = w;
          this.lengthscale = ls * base;
          this.signal = sg * varY;
          this.nugget = ng * varY;
        }
      }
    }
    this.rebuild();
  }

  /** Prior mean: the mean of the observations. */
  priorMean(): number {
    if (this.rows.length === 0) return 0;
    return this.rows.reduce((a, r) => a + r.y, 0) / this.rows.length;
  }

  /** Posterior mean at pool point i. */
  mean(i: number): number {
    const m = this.priorMean();
    return m + (this.factor.projection(0)[i] as number) - m * (this.factor.projection(1)[i] as number);
  }

  /** Posterior variance of the latent accuracy at pool point i. */
  variance(i: number): number {
    return Math.max(0, this.signal - (this.factor.colSq[i] as number));
  }

  /** Posterior covariance of the latent accuracy between pool point j and every pool point. */
  covarianceColumn(j: number): Float64Array {
    const explained = this.factor.crossColumn(j);
    const prior = this.kernelToPool(j);
    for (let i = 0; i < prior.length; i++) prior[i] = (prior[i] as number) - (explained[i] as number);
    return prior;
  }

  /** The fitted nugget, added to every row's noise. */
  get nuggetVariance(): number {
    return this.nugget;
  }

  private kernel(d2: number): number {
    return this.signal * Math.exp(-d2 / (2 * this.lengthscale * this.lengthscale));
  }

  private logLikelihood(d2: Float64Array, ys: number[], m: number, ls: number, signal: number, nugget: number): number {
    const n = ys.length;
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      k[i * n + j] = signal * Math.exp(-(d2[i * n + j] as number) / (2 * ls * ls)) + (i === j ? (this.rows[i] as Row).noise + nugget : 0);
    }
    const f = cholesky(k, n);
    const r = ys.map((y) => y - m);
    const alpha = choleskySolve(f, r);
    let fit = 0;
    for (let i = 0; i < n; i++) fit += (r[i] as number) * (alpha[i] as number);
    return -0.5 * fit - 0.5 * logDet(f);
  }

  private rebuild(): void {
    const rows = this.rows;
    this.rows = [];
    this.factor.clear();
    for (const r of rows) {
      this.rows.push(r);
      this.appendRow(this.rows.length - 1);
    }
  }

  /** Extends the factor and the running sums by row `n`. */
  private appendRow(n: number): void {
    const row = this.rows[n] as Row;
    const kToRows = new Float64Array(n);
    for (let j = 0; j < n; j++) kToRows[j] = this.kernel(this.metric.distance2(row.candidate, (this.rows[j] as Row).candidate));
    this.factor.append(kToRows, this.signal + row.noise + this.nugget, this.kernelToPool(row.candidate), 1e-10 * this.signal, [row.y, 1]);
  }

  /** The kernel between `candidate` and every pool point. */
  private kernelToPool(candidate: number): Float64Array {
    return this.metric.distancesFrom(candidate).map((d2) => this.kernel(d2));
  }
}

/** Median of the positive entries (1 when there is none). */
function medianPositive(values: Float64Array): number {
  const pos = values.filter((v) => v > 0).sort();
  return pos[pos.length >> 1] ?? 1;
}
