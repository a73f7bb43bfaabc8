/**
 * Adam (Kingma & Ba 2015) on a point in the search space, ascending. Matches
 * torch.optim.Adam's defaults (beta1 0.9, beta2 0.999, eps 1e-8), as the ZOPO reference
 * minimises -mu with it; its state survives across asks until a restart resets it.
 */
export class Adam {
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;

  constructor(
    private readonly dim: number,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(dim);
    this.v = new Float64Array(dim);
  }

  /** Forgets the moment estimates (ZOPO: on restart). */
  reset(): void {
    this.m = new Float64Array(this.dim);
    this.v = new Float64Array(this.dim);
    this.t = 0;
  }

  /** Returns x + step along the ascent direction `gradient` (x is not modified). */
  ascend(x: Float64Array, gradient: Float64Array): Float64Array {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const out = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) {
      const g = gradient[i] as number;
      const m = this.beta1 * (this.m[i] as number) + (1 - this.beta1) * g;
      const v = this.beta2 * (this.v[i] as number) + (1 - this.beta2) * g * g;
      this.m[i] = m;
      this.v[i] = v;
      out[i] = (x[i] as number) + (this.lr * (m / c1)) / (Math.sqrt(v / c2) + this.eps);
    }
    return out;
  }
}
