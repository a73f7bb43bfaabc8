/**
 * The coordinates a search moves in: the pool's embeddings, or a projection of them,
 * as a dense row-major Float64Array with cached squared norms. Nearest-neighbour
 * queries scan the rows once (||c||^2 - 2 c.p), so no N x N matrix is ever built.
 */

/** Rows of `dim` numbers with their squared norms. */
export class SearchSpace {
  readonly norms: Float64Array;

  constructor(
    readonly n: number,
    readonly dim: number,
    /** Row-major n x dim; a Float32Array pool is used in place, without a copy. */
    readonly data: Float32Array | Float64Array,
  ) {
    this.norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * dim;
      for (let j = 0; j < dim; j++) s += (data[off + j] as number) ** 2;
      this.norms[i] = s;
    }
  }

  /** A copy of row `i`. */
  row(i: number): Float64Array {
    return Float64Array.from(this.data.subarray(i * this.dim, (i + 1) * this.dim));
  }

  /** ||row_i - p||^2 - ||p||^2: the ranking key of nearest-neighbour queries. */
  private key(i: number, p: ArrayLike<number>): number {
    const off = i * this.dim;
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += (this.data[off + j] as number) * (p[j] as number);
    return (this.norms[i] as number) - 2 * s;
  }

  /** The row nearest to `p` among those `allowed` accepts, or -1 when none does. */
  nearest(p: ArrayLike<number>, allowed: (i: number) => boolean): number {
    let best = -1;
    let bestKey = Infinity;
    for (let i = 0; i < this.n; i++) {
      if (!allowed(i)) continue;
      const k = this.key(i, p);
      if (k < bestKey) {
        bestKey = k;
        best = i;
      }
    }
    return best;
  }

  /** Up to `k` rows nearest to `p` among those `allowed` accepts, nearest first. */
  kNearest(p: ArrayLike<number>, k: number, allowed: (i: number) => boolean, among?: readonly number[]): number[] {
    const idx: number[] = [];
    const keys: number[] = [];
    const consider = (i: number): void => {
      if (!allowed(i)) return;
      const key = this.key(i, p);
      if (idx.length === k && key >= (keys[k - 1] as number)) return;
      let pos = idx.length === k ? k - 1 : idx.length;
      while (pos > 0 && (keys[pos - 1] as number) > key) {
        keys[pos] = keys[pos - 1] as number;
        idx[pos] = idx[pos - 1] as number;
        pos--;
      }
      keys[pos] = key;
      idx[pos] = i;
    };
    if (k <= 0) return idx;
    if (among) for (const i of among) consider(i);
    else for (let i = 0; i < this.n; i++) consider(i);
    return idx;
  }

  /** Squared Euclidean distance between rows i and j. */
  distance2(i: number, j: number): number {
    const a = i * this.dim;
    const b = j * this.dim;
    let s = 0;
    for (let t = 0; t < this.dim; t++) s += ((this.data[a + t] as number) - (this.data[b + t] as number)) ** 2;
    return s;
  }
}
