/**
 * Squared Euclidean distances between pool embeddings, computed one row at a time and cached,
 * so that a kernel of any lengthscale over the queried rows costs no further dot products.
 */
import type { Rng } from '../random';
import type { EmbeddingPool } from '../types';

/** Cached rows of squared distances from a candidate to every candidate in the pool. */
export class PoolDistances {
  private readonly norms: Float64Array;
  private readonly rows = new Map<number, Float64Array>();

  constructor(readonly pool: EmbeddingPool) {
    const { n, dim, data } = pool;
    this.norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const v = data[i * dim + d] as number;
        s += v * v;
      }
      this.norms[i] = s;
    }
  }

  /** Squared distances from candidate `c` to all n candidates. */
  row(c: number): Float64Array {
    const cached = this.rows.get(c);
    if (cached) return cached;
    const { n, dim, data } = this.pool;
    const out = new Float64Array(n);
    const base = c * dim;
    const nc = this.norms[c] as number;
    for (let j = 0; j < n; j++) {
      const bj = j * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += (data[base + d] as number) * (data[bj + d] as number);
      out[j] = Math.max(0, nc + (this.norms[j] as number) - 2 * dot);
    }
    out[c] = 0;
    this.rows.set(c, out);
    return out;
  }

  /** Squared distance between two candidates, without caching a row. */
  between(a: number, b: number): number {
    const ra = this.rows.get(a);
    if (ra) return ra[b] as number;
    const rb = this.rows.get(b);
    if (rb) return rb[a] as number;
    const { dim, data } = this.pool;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += (data[a * dim + d] as number) * (data[b * dim + d] as number);
    return Math.max(0, (this.norms[a] as number) + (this.norms[b] as number) - 2 * dot);
  }

  /**
   * The median distance between distinct candidates over up to `pairs` random pairs: the
   * "median heuristic" scale for an RBF lengthscale.
   */
  medianDistance(rng: Rng, pairs = 2000): number {
    const n = this.pool.n;
    if (n < 2) return 1;
    const ds: number[] = [];
    for (let t = 0; t < pairs; t++) {
      const a = rng.int(n);
      let b = rng.int(n - 1);
      if (b >= a) b++;
      ds.push(Math.sqrt(this.between(a, b)));
    }
    ds.sort((x, y) => x - y);
    const m = ds[Math.floor(ds.length / 2)] as number;
    return m > 0 ? m : 1;
  }
}
