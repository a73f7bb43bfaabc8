/**
 * The empirical neural tangent kernel of a small, never-trained ReLU MLP, in closed form.
 *
 * Network (ZOPO reference: depth 2, width 32, all weights and biases N(0, 1)):
 *   h_0 = x,  z_l = W_l h_{l-1} + b_l,  h_l = relu(z_l)  (l = 1..L),  f = w . h_L + b.
 * Backpropagation gives delta_l = df/dz_l: delta_L = w (.) m_L, delta_l = (W_{l+1}^T delta_{l+1}) (.) m_l,
 * with m_l the ReLU masks, and df/dW_l = delta_l h_{l-1}^T, df/db_l = delta_l. Hence
 *   k(x, x') = <J(x), J(x')> = 1 + h_L . h_L' + sum_l (delta_l . delta_l') (h_{l-1} . h_{l-1}' + 1).
 * The masks are constant almost everywhere, so the deltas are locally constant in x and
 *   grad_x k = J_L^T h_L' + sum_l (delta_l . delta_l') J_{l-1}^T h_{l-1}',  J_l = dh_l/dx = M_l W_l J_{l-1},
 * which one backward pass evaluates (see `weightedInputGradient`).
 */
import { Rng } from './random';

/** Shape of the MLP behind the kernel. */
export interface NtkOptions {
  readonly inputDim: number;
  /** Hidden units per layer (reference 32). */
  readonly width: number;
  /** Hidden layers (reference 2). */
  readonly depth: number;
  /** Seed of the N(0, 1) parameters; fixed so the kernel is a fixed function. */
  readonly seed: number;
  /** Explicit parameters in `parameters()` order instead of seeded draws (for tests). */
  readonly parameters?: Float64Array;
}

/** Per-input quantities the kernel needs: the input, hidden activations and deltas. */
export interface NtkFeatures {
  readonly input: Float64Array;
  /** h_1..h_L. */
  readonly hidden: readonly Float64Array[];
  /** delta_1..delta_L. */
  readonly deltas: readonly Float64Array[];
}

/** A fixed random ReLU MLP and its empirical NTK. */
export class ReluNtk {
  readonly inputDim: number;
  readonly width: number;
  readonly depth: number;
  /** W_l row-major (out x in), l = 1..L. */
  private readonly weights: Float64Array[] = [];
  private readonly biases: Float64Array[] = [];
  private readonly outWeights: Float64Array;
  private readonly outBias: number;

  constructor(options: NtkOptions) {
    this.inputDim = options.inputDim;
    this.width = options.width;
    this.depth = options.depth;
    const rng = new Rng(options.seed);
    const given = options.parameters;
    let at = 0;
    const take = (n: number): Float64Array => {
      const out = given ? given.slice(at, at + n) : normals(rng, n);
      at += n;
      return out;
    };
    let fanIn = options.inputDim;
    for (let l = 0; l < options.depth; l++) {
      this.weights.push(take(options.width * fanIn));
      this.biases.push(take(options.width));
      fanIn = options.width;
    }
    this.outWeights = take(fanIn);
    this.outBias = take(1)[0] as number;
    if (given && given.length !== at) throw new RangeError(`expected ${at} parameters, got ${given.length}`);
  }

  /** All parameters, layer by layer (weights row-major, then biases), output layer last. */
  parameters(): Float64Array {
    const out = new Float64Array(this.parameterCount);
    let p = 0;
    for (let l = 0; l < this.depth; l++) {
      out.set(this.weights[l] as Float64Array, p);
      p += (this.weights[l] as Float64Array).length;
      out.set(this.biases[l] as Float64Array, p);
      p += (this.biases[l] as Float64Array).length;
    }
    out.set(this.outWeights, p);
    out[p + this.outWeights.length] = this.outBias;
    return out;
  }

  /** Number of parameters, i.e. the length of the Jacobian J(x). */
  get parameterCount(): number {
    const w = this.width;
    return (this.inputDim + 1) * w + (this.depth - 1) * (w * w + w) + w + 1;
  }

  /** Forward and backward pass at `x` (read from `offset`). */
  features(x: ArrayLike<number>, offset = 0): NtkFeatures {
    const input = new Float64Array(this.inputDim);
    for (let i = 0; i < this.inputDim; i++) input[i] = x[offset + i] as number;
    const hidden: Float64Array[] = [];
    let prev: Float64Array = input;
    for (let l = 0; l < this.depth; l++) {
      const h = affine(this.weights[l] as Float64Array, this.biases[l] as Float64Array, prev);
      for (let i = 0; i < h.length; i++) if (!((h[i] as number) > 0)) h[i] = 0;
      hidden.push(h);
      prev = h;
    }
    const deltas = new Array<Float64Array>(this.depth);
    let upper = masked(this.outWeights, prev);
    deltas[this.depth - 1] = upper;
    for (let l = this.depth - 2; l >= 0; l--) {
      upper = masked(transposeTimes(this.weights[l + 1] as Float64Array, upper, this.width), hidden[l] as Float64Array);
      deltas[l] = upper;
    }
    return { input, hidden, deltas };
  }

  /** The network output f(x); for tests and diagnostics. */
  output(f: NtkFeatures): number {
    return dotArrays(this.outWeights, f.hidden[this.depth - 1] as Float64Array) + this.outBias;
  }

  /** k(a, b) = <J(a), J(b)>. */
  kernel(a: NtkFeatures, b: NtkFeatures): number {
    let k = 1 + dotArrays(a.hidden[this.depth - 1] as Float64Array, b.hidden[this.depth - 1] as Float64Array);
    for (let l = 0; l < this.depth; l++) {
      const below = l === 0 ? dotArrays(a.input, b.input) : dotArrays(a.hidden[l - 1] as Float64Array, b.hidden[l - 1] as Float64Array);
      k += dotArrays(a.deltas[l] as Float64Array, b.deltas[l] as Float64Array) * (below + 1);
    }
    return k;
  }

  /** grad_x k(x, b) at x = a. */
  inputGradient(a: NtkFeatures, b: NtkFeatures): Float64Array {
    return this.weightedInputGradient(a, [b], [1]);
  }

  /**
   * sum_i w_i grad_x k(x, b_i) at x = a, in one backward pass: the expression is linear
   * in the b-side quantities, so they are summed before propagating through W_l^T.
   */
  weightedInputGradient(a: NtkFeatures, bs: readonly NtkFeatures[], w: ArrayLike<number>): Float64Array {
    const top = this.depth - 1;
    let u: Float64Array = new Float64Array(this.width);
    for (let i = 0; i < bs.length; i++) axpy(w[i] as number, (bs[i] as NtkFeatures).hidden[top] as Float64Array, u);
    for (let l = top; l >= 0; l--) {
      const next = transposeTimes(this.weights[l] as Float64Array, masked(u, a.hidden[l] as Float64Array), l === 0 ? this.inputDim : this.width);
      for (let i = 0; i < bs.length; i++) {
        const b = bs[i] as NtkFeatures;
        const c = (w[i] as number) * dotArrays(a.deltas[l] as Float64Array, b.deltas[l] as Float64Array);
        axpy(c, l === 0 ? b.input : (b.hidden[l - 1] as Float64Array), next);
      }
      u = next;
    }
    return u;
  }

  /** The explicit parameter Jacobian J(x), in `parameters()` order; for tests. */
  parameterGradient(f: NtkFeatures): Float64Array {
    const out = new Float64Array(this.parameterCount);
    let p = 0;
    for (let l = 0; l < this.depth; l++) {
      const below = l === 0 ? f.input : (f.hidden[l - 1] as Float64Array);
      const delta = f.deltas[l] as Float64Array;
      for (let i = 0; i < this.width; i++) for (let j = 0; j < below.length; j++) out[p++] = (delta[i] as number) * (below[j] as number);
      for (let i = 0; i < this.width; i++) out[p++] = delta[i] as number;
    }
    for (const h of f.hidden[this.depth - 1] as Float64Array) out[p++] = h;
    out[p] = 1;
    return out;
  }
}

function normals(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** W x + b for row-major W (b.length x x.length). */
function affine(w: Float64Array, b: Float64Array, x: Float64Array): Float64Array {
  const rows = b.length;
  const cols = x.length;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = b[i] as number;
    const row = i * cols;
    for (let j = 0; j < cols; j++) s += (w[row + j] as number) * (x[j] as number);
    out[i] = s;
  }
  return out;
}

/** W^T u for row-major W (u.length x cols). */
function transposeTimes(w: Float64Array, u: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < u.length; i++) {
    const ui = u[i] as number;
    if (ui === 0) continue;
    axpyOffset(ui, w, i * cols, out, cols);
  }
  return out;
}

/** v (.) 1[h > 0]. */
function masked(v: Float64Array, h: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (h[i] as number) > 0 ? (v[i] as number) : 0;
  return out;
}

function dotArrays(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function axpy(c: number, x: Float64Array, y: Float64Array): void {
  if (c === 0) return;
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + c * (x[i] as number);
}

function axpyOffset(c: number, x: Float64Array, off: number, y: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) y[i] = (y[i] as number) + c * (x[off + i] as number);
}
