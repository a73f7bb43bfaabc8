import assert from 'node:assert/strict';
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';
import { cholesky, choleskySolve, logDet } from '../../../src/core/optimizer/linalg';
import { Rng } from '../../../src/core/optimizer/random';
import { assertClose, randomMatrix, randomSpd } from './helpers';

function toMatrix(a: Float64Array, n: number): Matrix {
  return new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n))));
}

describe('linalg', () => {
  it('factors an SPD matrix like ml-matrix, with no jitter', () => {
    const n = 7;
    const a = randomSpd(new Rng(1), n);
    const f = cholesky(a, n);
    assert.equal(f.jitter, 0);
    const expected = new CholeskyDecomposition(toMatrix(a, n)).lowerTriangularMatrix;
    assertClose(f.l, Float64Array.from(expected.to1DArray()), 1e-10, 'L');
  });

  it('solves A x = b like ml-matrix', () => {
    const n = 6;
    const rng = new Rng(2);
    const a = randomSpd(rng, n);
    const b = randomMatrix(rng, n, 1);
    const x = choleskySolve(cholesky(a, n), b);
    const expected = solve(toMatrix(a, n), Matrix.columnVector(Array.from(b))).to1DArray();
    assertClose(x, expected, 1e-9, 'x');
  });

  it('computes log det from the factor', () => {
    const n = 5;
    const a = randomSpd(new Rng(3), n);
    const det = new CholeskyDecomposition(toMatrix(a, n)).lowerTriangularMatrix.diag().reduce((p, v) => p * v * v, 1);
    assert.ok(Math.abs(logDet(cholesky(a, n)) - Math.log(det)) < 1e-9);
  });

  it('climbs the jitter ladder on a singular kernel matrix and reports the jitter', () => {
    // Gram matrix of 4 points in 2-d: rank 2, so not positive definite.
    const pts = [1, 2, 3, 4, 1, 2, -1, 0.5];
    const n = 4;
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) k[i * n + j] = pts[2 * i]! * pts[2 * j]! + pts[2 * i + 1]! * pts[2 * j + 1]!;
    const f = cholesky(k, n);
    assert.ok(f.jitter > 0, 'jitter must be reported');
    const lTimesLt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += f.l[i * n + t]! * f.l[j * n + t]!;
      lTimesLt[i * n + j] = s;
    }
    const shifted = k.map((v, idx) => (idx % (n + 1) === 0 ? v + f.jitter : v));
    assertClose(lTimesLt, shifted, 1e-9, 'L L^T');
  });

  it('throws when no jitter helps', () => {
    assert.throws(() => cholesky(Float64Array.from([NaN, 0, 0, 1]), 2), /not positive definite/);
  });
});
