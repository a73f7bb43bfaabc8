/**
 * A cheap global GP over the whole pool (RBF kernel in the search space). Its UCB choice
 * alternates with the local walkers' proposals in the product preset: bump-shaped
 * landscapes suit a global smooth model, plateaus and cliffs suit local steps.
 *
 * Every evaluation is one row (a re-evaluated candidate appears twice, each row with its
 * own binomial noise), so the model grows by appending. With the Cholesky factor L of
 * K + diag(noise), keep V = L^-1 K(X, pool) row by row: a new row costs O(n N) and
 *   mu_i = m + v_i . L^-1 (y - m 1),   var_i = s^2 - ||v_i||^2   (Rasmussen & Williams eq. 2.25-2.26)
 * are running sums over rows, so predicting the whole pool after a tell is O(N).
 * Hyperparameters (lengthscale, signal variance) are chosen by marginal likelihood on a
 * small grid at a few points in the run, which rebuilds V.
 */
import { cholesky, choleskySolve, logDet } from './linalg';
import type { SearchSpace } from './searchSpace';

interface Row {
  readonly candidate: number;
  readonly y: number;
  readonly noise: number;
}

/** Lengthscale multipliers of the median pairwise distance tried when refitting. */
const LENGTHSCALE_GRID = [0.25, 0.35, 0.5, 0.7, 1];
const SIGNAL_GRID = [0.5, 1, 2];

/** The incremental global RBF GP. */
export class GlobalGp {
  private rows: Row[] = [];
  private lRows: Float64Array[] = [];
  private v: Float64Array[] = [];
  private zy: number[] = [];
  private z1: number[] = [];
  private readonly sumV2: Float64Array;
  private readonly sumVy: Float64Array;
  private readonly sumV1: Float64Array;
  private lengthscale = 1;
  private signal = 0.04;

  constructor(
    private readonly space: SearchSpace,
    /** Rows kept at most; later evaluations are ignored by this model (memory O(capacity N)). */
    private readonly capacity: number,
  ) {
    this.sumV2 = new Float64Array(space.n);
    this.sumVy = new Float64Array(space.n);
    this.sumV1 = new Float64Array(space.n);
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

  /** Refits lengthscale and signal variance by marginal likelihood, then rebuilds. */
  refit(): void {
    const n = this.rows.length;
    if (n < 3) return;
    const d2 = new Float64Array(n * n);
    const all: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      const v = this.space.distance2((this.rows[i] as Row).candidate, (this.rows[j] as Row).candidate);
      d2[i * n + j] = v;
      d2[j * n + i] = v;
      if (v > 0) all.push(v);
    }
    all.sort((a, b) => a - b);
    const base = Math.sqrt(all[all.length >> 1] ?? 1);
    const ys = this.rows.map((r) => r.y);
    const m = ys.reduce((a, b) => a + b, 0) / n;
    const varY = Math.max(1e-4, ys.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    let best = -Infinity;
    for (const ls of LENGTHSCALE_GRID) for (const sg of SIGNAL_GRID) {
      const ll = this.logLikelihood(d2, ys, m, ls * base, sg * varY);
      if (ll > best) {
        best = ll;
        this.lengthscale = ls * base;
        this.signal = sg * varY;
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
    return m + (this.sumVy[i] as number) - m * (this.sumV1[i] as number);
  }

  /** Posterior variance of the latent accuracy at pool point i. */
  variance(i: number): number {
    return Math.max(0, this.signal - (this.sumV2[i] as number));
  }

  private kernel(d2: number): number {
    return this.signal * Math.exp(-d2 / (2 * this.lengthscale * this.lengthscale));
  }

  private logLikelihood(d2: Float64Array, ys: number[], m: number, ls: number, signal: number): number {
    const n = ys.length;
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      k[i * n + j] = signal * Math.exp(-(d2[i * n + j] as number) / (2 * ls * ls)) + (i === j ? (this.rows[i] as Row).noise : 0);
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
    this.lRows = [];
    this.v = [];
    this.zy = [];
    this.z1 = [];
    this.sumV2.fill(0);
    this.sumVy.fill(0);
    this.sumV1.fill(0);
    for (const r of rows) {
      this.rows.push(r);
      this.appendRow(this.rows.length - 1);
    }
  }

  /** Extends L, V and the running sums by row `n` (incremental Cholesky). */
  private appendRow(n: number): void {
    const row = this.rows[n] as Row;
    const l = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      let s = this.kernel(this.space.distance2(row.candidate, (this.rows[j] as Row).candidate));
      const lj = this.lRows[j] as Float64Array;
      for (let t = 0; t < j; t++) s -= (lj[t] as number) * (l[t] as number);
      l[j] = s / (lj[j] as number);
    }
    let diag = this.signal + row.noise;
    for (let t = 0; t < n; t++) diag -= (l[t] as number) ** 2;
    l[n] = Math.sqrt(Math.max(diag, 1e-10 * this.signal));
    this.lRows.push(l);
    this.extendProjections(row, l, n);
  }

  private extendProjections(row: Row, l: Float64Array, n: number): void {
    const lnn = l[n] as number;
    let zy = row.y;
    let z1 = 1;
    for (let t = 0; t < n; t++) {
      zy -= (l[t] as number) * (this.zy[t] as number);
      z1 -= (l[t] as number) * (this.z1[t] as number);
    }
    zy /= lnn;
    z1 /= lnn;
    this.zy.push(zy);
    this.z1.push(z1);
    const space = this.space;
    const vn = new Float64Array(space.n);
    const c = row.candidate * space.dim;
    for (let i = 0; i < space.n; i++) {
      let d2 = 0;
      const off = i * space.dim;
      for (let j = 0; j < space.dim; j++) d2 += ((space.data[off + j] as number) - (space.data[c + j] as number)) ** 2;
      vn[i] = this.kernel(d2);
    }
    for (let t = 0; t < n; t++) {
      const lt = l[t] as number;
      if (lt === 0) continue;
      const vt = this.v[t] as Float64Array;
      for (let i = 0; i < space.n; i++) vn[i] = (vn[i] as number) - lt * (vt[i] as number);
    }
    for (let i = 0; i < space.n; i++) {
      const val = (vn[i] as number) / lnn;
      vn[i] = val;
      this.sumV2[i] = (this.sumV2[i] as number) + val * val;
      this.sumVy[i] = (this.sumVy[i] as number) + val * zy;
      this.sumV1[i] = (this.sumV1[i] as number) + val * z1;
    }
    this.v.push(vn);
  }
}
