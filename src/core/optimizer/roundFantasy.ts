/**
 * Kriging believer for one batched round (Ginsbourger et al. 2010): the candidates already
 * proposed in the round are treated as observed at the global GP's own posterior mean. That
 * leaves the mean unchanged everywhere and shrinks the variance near them, so a round's UCB
 * picks spread out instead of piling onto one bump. With fantasised points f_1..f_m (noise
 * variance s each), the variance is updated one point at a time, exactly:
 *   c_m(i)  = cov(i, f_m) - sum_{p < m} c_p(i) c_p(f_m) / d_p,   d_m = c_m(f_m) + s
 *   var'(i) = var(i) - sum_m c_m(i)^2 / d_m
 * (the Cholesky factor of the fantasies' covariance, Rasmussen & Williams eq. 2.26). Used only
 * when ask(k) has k > 1, so ask(1) is unchanged.
 */
import type { GlobalGp } from './globalGp';

export class RoundFantasy {
  private readonly columns: Float64Array[] = [];
  private readonly pivots: number[] = [];
  private readonly reduction: Float64Array;

  constructor(
    private readonly gp: GlobalGp,
    poolSize: number,
    /** Noise variance of one fantasised evaluation. */
    private readonly noise: number,
  ) {
    this.reduction = new Float64Array(poolSize);
  }

  /** Fantasised points so far. */
  get size(): number {
    return this.columns.length;
  }

  /** Treats pool point f as observed at the posterior mean. */
  add(f: number): void {
    const c = this.gp.covarianceColumn(f);
    for (let p = 0; p < this.columns.length; p++) {
      const cp = this.columns[p] as Float64Array;
      const scale = (cp[f] as number) / (this.pivots[p] as number);
      if (scale === 0) continue;
      for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) - (cp[i] as number) * scale;
    }
    const d = Math.max((c[f] as number) + this.noise, 1e-12);
    for (let i = 0; i < c.length; i++) this.reduction[i] = (this.reduction[i] as number) + (c[i] as number) ** 2 / d;
    this.columns.push(c);
    this.pivots.push(d);
  }

  /** Posterior variance at pool point i given the real rows and the fantasies. */
  variance(i: number): number {
    return Math.max(0, this.gp.variance(i) - (this.reduction[i] as number));
  }
}
