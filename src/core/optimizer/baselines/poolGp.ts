/**
 * A Gaussian process with an RBF kernel over a finite pool, updated one queried row at a time.
 *
 * With K = s (R + lambda I) over the queried rows X (R the unit RBF kernel), the posterior at
 * the pool P is (Rasmussen & Williams, eqs. 2.25-2.26, with the Cholesky form of Alg. 2.1):
 *   mean = R(P, X) (R + lambda I)^-1 y = V^T (L^-1 y),
 *   var  = s (1 - colsum(V o V)),    where L L^T = R + lambda I and V = L^-1 R(X, P).
 * Appending a row extends L by one row and V by one row, O(n N), so each query is cheap.
 */
import { PoolCholesky } from '../poolCholesky';
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
  private readonly factor: PoolCholesky;
  private readonly rows: number[] = [];

  constructor(
    private readonly dists: PoolDistances,
    private hyperValue: RbfHyper,
  ) {
    this.factor = new PoolCholesky(dists.pool.n);
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
    this.rows.length = 0;
    this.factor.clear();
  }

  /** Adds candidate `c` as a queried row (O(n N)). */
  append(c: number): void {
    const kNew = this.kernelRow(c);
    const kToRows = this.rows.map((r) => kNew[r] as number);
    this.factor.append(kToRows, 1 + this.hyperValue.noise, kNew, MIN_PIVOT);
    this.rows.push(c);
  }

  /** Posterior mean at every pool point for observations `y`, one per row (standardised). */
  mean(y: ArrayLike<number>): Float64Array {
    return this.factor.project(y);
  }

  /** Posterior variance of the latent function at pool point `j`. */
  variance(j: number): number {
    return this.hyperValue.signal * Math.max(0, 1 - (this.factor.colSq[j] as number));
  }

  private kernelRow(c: number): Float64Array {
    const d2 = this.dists.row(c);
    const scale = -1 / (2 * this.hyperValue.lengthscale * this.hyperValue.lengthscale);
    const out = new Float64Array(d2.length);
    for (let j = 0; j < d2.length; j++) out[j] = Math.exp((d2[j] as number) * scale);
    return out;
  }
}
