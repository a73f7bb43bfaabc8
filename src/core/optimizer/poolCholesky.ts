/**
 * The incremental Cholesky factor behind a GP over a finite pool, grown one observed row at a
 * time (Rasmussen & Williams, Alg. 2.1 and eqs. 2.25-2.26).
 *
 * With L L^T = K(X, X) + diag(noise) over the rows X observed so far, it keeps V = L^-1 K(X, pool)
 * row by row and the column sums of V o V, so that for observations y
 *   mean at pool point j  = prior + V[:, j] . L^-1 (y - prior),
 *   variance at j         = k(j, j) - colSq[j].
 * Appending a row extends L by one row and V by one row: O(n N) for n rows and N pool points.
 * For vectors whose entries arrive with the rows ("tracked", e.g. y and 1 in a model that only
 * grows), it keeps V^T L^-1 u up to date in the same pass, so predicting stays O(N) per row.
 */

export class PoolCholesky {
  private readonly lRows: Float64Array[] = [];
  private readonly vRows: Float64Array[] = [];
  private colSqValue: Float64Array;
  /** Per tracked vector u: L^-1 u, one entry per row, and V^T L^-1 u, one per pool point. */
  private readonly solved: number[][];
  private readonly projections: Float64Array[];

  constructor(
    private readonly poolSize: number,
    tracked = 0,
  ) {
    this.colSqValue = new Float64Array(poolSize);
    this.solved = Array.from({ length: tracked }, () => []);
    this.projections = Array.from({ length: tracked }, () => new Float64Array(poolSize));
  }

  get size(): number {
    return this.lRows.length;
  }

  /** sum over rows of V[row, j]^2, for every pool point j. */
  get colSq(): Float64Array {
    return this.colSqValue;
  }

  /** V^T L^-1 u at every pool point for tracked vector `k`. */
  projection(k: number): Float64Array {
    return this.projections[k] as Float64Array;
  }

  /** sum over rows of V[row, i] V[row, j] for every pool point i: the explained covariance with j. */
  crossColumn(j: number): Float64Array {
    const out = new Float64Array(this.poolSize);
    for (const v of this.vRows) {
      const vj = v[j] as number;
      if (vj === 0) continue;
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (v[i] as number) * vj;
    }
    return out;
  }

  /** Drops every row. */
  clear(): void {
    this.lRows.length = 0;
    this.vRows.length = 0;
    this.colSqValue = new Float64Array(this.poolSize);
    for (const z of this.solved) z.length = 0;
    for (const p of this.projections) p.fill(0);
  }

  /**
   * Appends one row. `kToRows[i]` is the kernel between the new row and row i (i < size),
   * `kSelf` the new row's kernel with itself plus its noise, `kToPool[j]` its kernel with pool
   * point j; `kToPool` is taken over and becomes the row of V. A pivot below `minPivot`
   * (the matrix is numerically singular) is raised to it. `tracked[k]` is the new row's entry
   * of tracked vector k.
   */
  append(kToRows: ArrayLike<number>, kSelf: number, kToPool: Float64Array, minPivot: number, tracked: readonly number[] = []): void {
    const n = this.lRows.length;
    const l = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const li = this.lRows[i] as Float64Array;
      let s = kToRows[i] as number;
      for (let p = 0; p < i; p++) s -= (li[p] as number) * (l[p] as number);
      l[i] = s / (li[i] as number);
    }
    let diag = kSelf;
    for (let p = 0; p < n; p++) diag -= (l[p] as number) ** 2;
    const lnn = Math.sqrt(Math.max(diag, minPivot));
    l[n] = lnn;
    const v = kToPool;
    for (let i = 0; i < n; i++) {
      const li = l[i] as number;
      if (li === 0) continue;
      const vi = this.vRows[i] as Float64Array;
      for (let j = 0; j < v.length; j++) v[j] = (v[j] as number) - li * (vi[j] as number);
    }
    this.lRows.push(l);
    this.vRows.push(v);
    const colSq = this.colSqValue;
    const zs = this.solved.map((z, k) => this.solveLast(z, tracked[k] as number));
    for (let j = 0; j < v.length; j++) {
      const x = (v[j] as number) / lnn;
      v[j] = x;
      colSq[j] = (colSq[j] as number) + x * x;
      for (let k = 0; k < zs.length; k++) {
        const p = this.projections[k] as Float64Array;
        p[j] = (p[j] as number) + x * (zs[k] as number);
      }
    }
    this.solved.forEach((z, k) => z.push(zs[k] as number));
  }

  /**
   * One step of forward substitution for the newest row: given z = L^-1 u over the earlier rows
   * and the newest row's entry of u, returns the newest entry of L^-1 u.
   */
  private solveLast(z: ArrayLike<number>, value: number): number {
    const n = this.lRows.length - 1;
    const l = this.lRows[n] as Float64Array;
    let s = value;
    for (let t = 0; t < n; t++) s -= (l[t] as number) * (z[t] as number);
    return s / (l[n] as number);
  }

  /** V^T L^-1 y at every pool point, for `y` one value per row. */
  project(y: ArrayLike<number>): Float64Array {
    const n = this.lRows.length;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const li = this.lRows[i] as Float64Array;
      let s = y[i] as number;
      for (let p = 0; p < i; p++) s -= (li[p] as number) * (w[p] as number);
      w[i] = s / (li[i] as number);
    }
    const out = new Float64Array(this.poolSize);
    for (let i = 0; i < n; i++) {
      const wi = w[i] as number;
      const vi = this.vRows[i] as Float64Array;
      for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + wi * (vi[j] as number);
    }
    return out;
  }
}
