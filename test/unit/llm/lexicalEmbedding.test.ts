import assert from 'node:assert/strict';
import { LexicalEmbedder } from '../../../src/core/llm/lexicalEmbedding';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

describe('lexical embeddings', () => {
  const pool = [
    'Classify the sentiment of the review.',
    'Classify the sentiment of the movie review.',
    'Translate the sentence into French.',
    'Summarise the article in one sentence.',
    'Decide whether the review is positive or negative.',
  ];
  const embedder = LexicalEmbedder.fit(pool);

  it('gives unit vectors of the fixed dimension, deterministically', () => {
    const v = embedder.embed(pool[0] ?? '');
    assert.equal(v.length, 512);
    assert.ok(Math.abs(dot(v, v) - 1) < 1e-9);
    assert.deepEqual(LexicalEmbedder.fit(pool).embed(pool[0] ?? ''), v);
    assert.ok(embedder.embed('').every((x) => x === 0));
  });

  it('puts similar wording nearer than different wording', () => {
    const [a, b, c] = pool.slice(0, 3).map((t) => embedder.embed(t));
    assert.ok(a && b && c);
    assert.ok(dot(a, b) > dot(a, c) + 0.3, `${dot(a, b)} vs ${dot(a, c)}`);
  });

  it('weights rare words above common ones (IDF fitted on the pool)', () => {
    const base = embedder.embed('the sentiment of the review');
    const dropCommon = embedder.embed('sentiment review');
    const dropRare = embedder.embed('the of the review');
    assert.ok(dot(base, dropCommon) > dot(base, dropRare), `${dot(base, dropCommon)} vs ${dot(base, dropRare)}`);
  });

  it('embeds a pool row-major', () => {
    const all = embedder.embedAll(pool);
    assert.equal(all.length, pool.length * 512);
    assert.ok(Math.abs((all[512] ?? 0) - (embedder.embed(pool[1] ?? '')[0] ?? 0)) < 1e-6);
  });
});
