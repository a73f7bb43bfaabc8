/**
 * A Gaussian process with an RBF kernel over a finite pool, updated one queried row at a time.
 *
 * With K = s (R + lambda I) over the queried rows X (R the unit RBF kernel), the posterior at
 * the pool P is (Rasmussen & Williams, eqs. 2.25-2.26, with the Cholesky form of Alg. 2.1):
 *   mean = R(P, X) (R + lambda I)^-1 y = V^T (L^-1 y),
 *   var  = s (1 - colsum(V o V)),    where L L^T = R + lambda I and V = L^-1 R(X, P).
 * Appending a row extends L by one row and V by one row, O(n N), so each query is cheap.
 */
import type { PoolDistances } from './poolDistances';

/** RBF hyperparameters in the units of standardised observations. */
export interface RbfHyper {
  readonly lengthscale: number;
  /** Observation-noise variance relative to the signal variance. */
  readonly noise: number;
  /** Signal (prior) variance. */
  readonly signal: number;
}

const MIN_PIVOT = 1e-10;

/** Incremental RBF GP over the rows queried so far. */
export class PoolGp {
  private readonly lRows: Float64Array[] = [];
  private readonly vRows: Float64Array[] = [];
  private readonly rows: number[] = [];
  private colSq: Float64Array;

  constructor(
    private readonly dists: PoolDistances,
    private hyperValue: RbfHyper,
  ) {
    this.colSq = new Float64Array(dists.pool.n);
  }

  get hyper(): RbfHyper {
    return this.hyperValue;
  }

  /** Candidates behind the rows, in row order. */
  get candidates(): readonly number[] {
    return this.rows;
  }

  /** Drops all rows and sets new hyperparameters; re-append rows afterwards. */
  reset(hyper: RbfHyper): void {
    this.hyperValue = hyper;
    this.lRows.length = 0;
    this.vRows.length = 0;
    this.rows.length = 0;
    this.colSq = new Float64Array(this.dists.pool.n);
  }

  /** Adds candidate `c` as a queried row (O(n N)). */
  append(c: number): void {
    const kNew = this.kernelRow(c);
    const n = this.rows.length;
    const l = new Float64Array(n + 1);
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const li = this.lRows[i] as Float64Array;
      let s = kNew[this.rows[i] as number] as number;
      for (let p = 0; p < i; p++) s -= (li[p] as number) * (l[p] as number);
      const v = s / (li[i] as number);
      l[i] = v;
      sumSq += v * v;
    }
    const d = Math.sqrt(Math.max(1 + this.hyperValue.noise - sumSq, MIN_PIVOT));
    l[n] = d;
    const vNew = kNew;
    for (let i = 0; i < n; i++) {
      const li = l[i] as number;
      if (li === 0) continue;
      const vi = this.vRows[i] as Float64Array;
      for (let j = 0; j < vNew.length; j++) vNew[j] = (vNew[j] as number) - li * (vi[j] as number);
    }
    for (let j = 0; j < vNew.length; j++) {
      const v = (vNew[j] as number) / d;
      vNew[j] = v;
      this.colSq[j] = (this.colSq[j] as number) + v * v;
    }
    this.lRows.push(l);
    this.vRows.push(vNew);
    this.rows.push(c);
  }

  /** Posterior mean at every pool point for observations `y`, one per row (standardised). */
  mean(y: ArrayLike<number>): Float64Array {
    const n = this.rows.length;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const li = this.lRows[i] as Float64Array;
      let s = y[i] as number;
      for (let p = 0; p < i; p++) s -= (li[p] as number) * (w[p] as number);
      w[i] = s / (li[i] as number);
    }
    const out = new Float64Array(this.dists.pool.n);
    for (let i = 0; i < n; i++) {
      const wi = w[i] as number;
      const vi = this.vRows[i] as Float64Array;
      for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + wi * (vi[j] as number);
    }
    return out;
  }

  /** Posterior variance of the latent function at pool point `j`. */
  variance(j: number): number {
    return this.hyperValue.signal * Math.max(0, 1 - (this.colSq[j] as number));
  }

  private kernelRow(c: number): Float64Array {
    const d2 = this.dists.row(c);
    const scale = -1 / (2 * this.hyperValue.lengthscale * this.hyperValue.lengthscale);
    const out = new Float64Array(d2.length);
    for (let j = 0; j < d2.length; j++) out[j] = Math.exp((d2[j] as number) * scale);
    return out;
  }
}
