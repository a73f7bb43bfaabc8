/**
 * Dense symmetric positive-definite solves for the small Gram matrices of the GPs
 * (tens to a few hundred rows). Row-major Float64Arrays beat ml-matrix's nested arrays
 * by an order of magnitude at these sizes; the unit tests check them against ml-matrix.
 * No explicit inverse is ever formed: everything goes through the Cholesky factor.
 */

/** A lower-triangular Cholesky factor L of (A + jitter I), row-major n x n. */
export interface CholeskyFactor {
  readonly n: number;
  readonly l: Float64Array;
  /** The diagonal jitter that had to be added for the factorisation to succeed (0 if none). */
  readonly jitter: number;
}

/**
 * Jitters tried in turn, relative to the mean diagonal of A. A near-singular kernel
 * matrix (duplicate or nearly collinear inputs) fails at 0 and usually succeeds by 1e-8.
 */
export const JITTER_LADDER: readonly number[] = [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1];

/**
 * In-place attempt; returns false when a pivot is not positive beyond rounding error
 * (`tiny`), since a rounding-level pivot makes the solves meaningless.
 */
function tryFactor(a: Float64Array, n: number, jitter: number, l: Float64Array, tiny: number): boolean {
  l.fill(0);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = (a[rowJ + j] as number) + jitter;
    for (let k = 0; k < j; k++) {
      const v = l[rowJ + k] as number;
      d -= v * v;
    }
    if (!(d > tiny) || !Number.isFinite(d)) return false;
    const djj = Math.sqrt(d);
    l[rowJ + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j] as number;
      for (let k = 0; k < j; k++) s -= (l[rowI + k] as number) * (l[rowJ + k] as number);
      l[rowI + j] = s / djj;
    }
  }
  return true;
}

/**
 * Cholesky factorisation of the symmetric matrix `a` (row-major n x n), climbing the
 * jitter ladder when it is not numerically positive definite. Throws only when even
 * the largest jitter fails (a matrix with NaNs, or grossly indefinite).
 */
export function cholesky(a: Float64Array, n: number, ladder: readonly number[] = JITTER_LADDER): CholeskyFactor {
  let meanDiag = 0;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    meanDiag += Math.abs(a[i * n + i] as number);
    maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i] as number));
  }
  meanDiag = n > 0 ? meanDiag / n : 1;
  const scale = meanDiag > 0 ? meanDiag : 1;
  const tiny = 4 * n * Number.EPSILON * maxDiag;
  const l = new Float64Array(n * n);
  for (const rel of ladder) {
    const jitter = rel * scale;
    if (tryFactor(a, n, jitter, l, tiny)) return { n, l, jitter };
  }
  throw new Error(`cholesky: matrix is not positive definite even with jitter ${String(ladder.at(-1))}`);
}

/** Solves L z = b by forward substitution (b is not modified). */
export function solveLower(f: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  const { n, l } = f;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[row + k] as number) * (z[k] as number);
    z[i] = s / (l[row + i] as number);
  }
  return z;
}

/** Solves L^T x = z by back substitution. */
export function solveUpperTransposed(f: CholeskyFactor, z: ArrayLike<number>): Float64Array {
  const { n, l } = f;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}

/** Solves (A + jitter I) x = b given the factor of A. */
export function choleskySolve(f: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  return solveUpperTransposed(f, solveLower(f, b));
}

/** log det(A + jitter I) = 2 sum log L_ii; used for GP marginal likelihoods. */
export function logDet(f: CholeskyFactor): number {
  let s = 0;
  for (let i = 0; i < f.n; i++) s += Math.log(f.l[i * f.n + i] as number);
  return 2 * s;
}

/** Dot product of two equal-length numeric arrays, starting at the given offsets. */
export function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += (a[aOff + i] as number) * (b[bOff + i] as number);
  return s;
}
