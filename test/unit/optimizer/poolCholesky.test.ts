import assert from 'node:assert/strict';
import { Matrix, solve } from 'ml-matrix';
import { PoolCholesky } from '../../../src/core/optimizer/poolCholesky';
import { Rng } from '../../../src/core/optimizer/random';
import { assertClose } from './helpers';

/** An RBF kernel over random 3-d points: the pool, and rows that are pool points. */
function fixture(seed: number, poolSize: number, rows: number[]) {
  const rng = new Rng(seed);
  const pts = Array.from({ length: poolSize }, () => [rng.next(), rng.next(), rng.next()]);
  const k = (a: number, b: number): number => Math.exp(-((pts[a] as number[]).reduce((s, x, d) => s + (x - (pts[b] as number[])[d]!) ** 2, 0)) / 0.5);
  const noise = rows.map((_, i) => 0.01 * (1 + i));
  const y = rows.map(() => rng.next());
  return { k, noise, y };
}

describe('PoolCholesky', () => {
  const poolSize = 9;
  const rows = [2, 5, 0, 7, 5]; // 5 twice: a re-evaluated candidate, its own noise

  /** The factor over `rows`, tracking y and 1 as they arrive. */
  function grown(): { factor: PoolCholesky; f: ReturnType<typeof fixture> } {
    const f = fixture(11, poolSize, rows);
    const factor = new PoolCholesky(poolSize, 2);
    rows.forEach((r, i) => {
      const kToRows = rows.slice(0, i).map((s) => f.k(r, s));
      const kToPool = Float64Array.from({ length: poolSize }, (_, j) => f.k(r, j));
      factor.append(kToRows, 1 + (f.noise[i] as number), kToPool, 1e-12, [f.y[i] as number, 1]);
    });
    return { factor, f };
  }

  it('gives the dense posterior mean and variance at every pool point', () => {
    const { factor, f } = grown();
    const kxx = new Matrix(rows.map((r, i) => rows.map((s, j) => f.k(r, s) + (i === j ? (f.noise[i] as number) : 0))));
    const alpha = solve(kxx, Matrix.columnVector(f.y));
    const mean = factor.project(f.y);
    const variance = Array.from(factor.colSq, (c) => 1 - c);
    for (let j = 0; j < poolSize; j++) {
      const kj = Matrix.rowVector(rows.map((r) => f.k(r, j)));
      assertClose([mean[j] as number], [kj.mmul(alpha).get(0, 0)], 1e-9, `mean at ${j}`);
      const reduction = kj.mmul(solve(kxx, kj.transpose())).get(0, 0);
      assertClose([variance[j] as number], [1 - reduction], 1e-9, `variance at ${j}`);
    }
  });

  it('keeps the projections of the tracked vectors equal to a whole solve', () => {
    const { factor, f } = grown();
    assertClose(factor.projection(0), factor.project(f.y), 1e-12, 'V^T L^-1 y');
    assertClose(factor.projection(1), factor.project(rows.map(() => 1)), 1e-12, 'V^T L^-1 1');
  });

  it('forgets every row on clear', () => {
    const { factor } = grown();
    factor.clear();
    assert.equal(factor.size, 0);
    assert.ok(factor.colSq.every((v) => v === 0));
    assert.ok(factor.project([]).every((v) => v === 0));
    assert.ok(factor.projection(0).every((v) => v === 0) && factor.projection(1).every((v) => v === 0));
  });
});
