import assert from 'node:assert/strict';
import { dedupeByEmbedding } from '../../../src/core/candidates/embeddingDedupe';
import { LexicalEmbedder } from '../../../src/core/llm/lexicalEmbedding';
import { Rng } from '../../../src/core/optimizer/random';

const rows = (...vectors: number[][]): Float32Array => Float32Array.from(vectors.flat());

/** The same rule written the obvious way, with the full similarity matrix. */
function bruteForce(embeddings: Float32Array, dim: number, threshold: number, keepFirst: number): number[] {
  const n = embeddings.length / dim;
  const row = (i: number): number[] => Array.from(embeddings.subarray(i * dim, (i + 1) * dim));
  const cos = (a: number[], b: number[]): number => {
    const dot = a.reduce((s, v, k) => s + v * (b[k] ?? 0), 0);
    const na = Math.hypot(...a);
    const nb = Math.hypot(...b);
    return na === 0 || nb === 0 ? 0 : dot / (na * nb);
  };
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (i < keepFirst || kept.every((k) => cos(row(i), row(k)) <= threshold)) kept.push(i);
  return kept;
}

describe('dedupeByEmbedding', () => {
  it('drops rows pointing the same way as an earlier kept row, keeping the first', () => {
    const e = rows([1, 0], [2, 0.01], [0, 1], [0.7, 0.7], [0, 3]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 0.99), [0, 2, 3]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 0.5), [0, 2]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 1), [0, 1, 2, 3, 4], 'a cosine never exceeds 1');
  });

  it('always keeps the first keepFirst rows, even when they are duplicates', () => {
    const e = rows([1, 0], [1, 0], [1, 0], [0, 1]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 0.9), [0, 3]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 0.9, 2), [0, 1, 3]);
    assert.deepEqual(dedupeByEmbedding(e, 2, 0.9, 0), [0, 3]);
  });

  it('never counts a zero row as a duplicate', () => {
    assert.deepEqual(dedupeByEmbedding(rows([0, 0], [0, 0], [1, 1]), 2, 0.5), [0, 1, 2]);
  });

  it('handles an empty pool and rejects malformed input', () => {
    assert.deepEqual(dedupeByEmbedding(new Float32Array(0), 4, 0.9), []);
    assert.throws(() => dedupeByEmbedding(new Float32Array(5), 2, 0.9), RangeError);
    assert.throws(() => dedupeByEmbedding(new Float32Array(4), 0, 0.9), RangeError);
    assert.throws(() => dedupeByEmbedding(new Float32Array(4), 2, Number.NaN), RangeError);
  });

  it('agrees with the brute-force rule on random clustered data', () => {
    const rng = new Rng(11);
    const dim = 8;
    const centres = Array.from({ length: 6 }, () => Array.from({ length: dim }, () => rng.normal()));
    const data = Array.from({ length: 120 }, () => (centres[rng.int(6)] ?? []).map((c) => c + 0.15 * rng.normal()));
    const e = Float32Array.from(data.flat());
    for (const threshold of [0.8, 0.95, 0.99]) {
      assert.deepEqual(dedupeByEmbedding(e, dim, threshold, 3), bruteForce(e, dim, threshold, 3), `threshold ${threshold}`);
    }
  });

  it('removes lexical near-duplicates of candidate texts', () => {
    const texts = ['Give the antonym of the word.', 'Give the antonym of the word!', 'Translate the sentence into French.', 'give the antonym of the word'];
    const embedder = LexicalEmbedder.fit(texts);
    assert.deepEqual(dedupeByEmbedding(embedder.embedAll(texts), embedder.dim, 0.9), [0, 2]);
  });

  it('scales to a large pool without a quadratic matrix', () => {
    const rng = new Rng(5);
    const n = 1500;
    const dim = 64;
    const e = Float32Array.from({ length: n * dim }, () => rng.normal());
    const started = Date.now();
    const kept = dedupeByEmbedding(e, dim, 0.9);
    assert.equal(kept.length, n, 'random directions in 64 dimensions are never that close');
    assert.ok(Date.now() - started < 5000);
  });
});
