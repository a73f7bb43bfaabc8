/**
 * Local embeddings for when no embedding endpoint is available (the VS Code LM API has
 * none, and some OpenAI-compatible servers lack /v1/embeddings). Hashed word 1-2 grams and
 * character 3-4 grams, TF-IDF weighted with the IDF fitted on the candidate pool, projected
 * by the hashing trick into a fixed dimension and L2-normalised.
 *
 * This is the weaker fallback: it sees shared wording, not meaning, so two paraphrases with
 * different words land far apart. Prefer a real embedding model when one is reachable.
 */
import { featureBucket, l2Normalize, textFeatures } from './hashedFeatures';

/** Default dimension of lexical embeddings. */
export const LEXICAL_EMBEDDING_DIM = 512;

/** A TF-IDF hashed embedder fitted on one pool of texts. */
export class LexicalEmbedder {
  readonly dim: number;
  private readonly idf: Map<string, number>;
  /** IDF of a feature that never occurred in the pool (as if it occurred once). */
  private readonly unseenIdf: number;

  private constructor(dim: number, idf: Map<string, number>, unseenIdf: number) {
    this.dim = dim;
    this.idf = idf;
    this.unseenIdf = unseenIdf;
  }

  /** Fits document frequencies on `pool` (smoothed IDF: ln((1+N)/(1+df)) + 1). */
  static fit(pool: readonly string[], dim = LEXICAL_EMBEDDING_DIM): LexicalEmbedder {
    const df = new Map<string, number>();
    for (const text of pool) {
      for (const feature of new Set(textFeatures(text))) df.set(feature, (df.get(feature) ?? 0) + 1);
    }
    const n = pool.length;
    const idf = new Map<string, number>();
    for (const [feature, count] of df) idf.set(feature, Math.log((1 + n) / (1 + count)) + 1);
    return new LexicalEmbedder(dim, idf, Math.log((1 + n) / 2) + 1);
  }

  /** The unit-length embedding of one text (all zeros for a text without features). */
  embed(text: string): Float64Array {
    const counts = new Map<string, number>();
    for (const feature of textFeatures(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const vector = new Float64Array(this.dim);
    for (const [feature, tf] of counts) {
      const weight = (1 + Math.log(tf)) * (this.idf.get(feature) ?? this.unseenIdf);
      const { index, sign } = featureBucket(feature, this.dim);
      vector[index] = (vector[index] ?? 0) + sign * weight;
    }
    l2Normalize(vector);
    return vector;
  }

  /** Embeds many texts into one row-major Float32Array of `texts.length` x `dim`. */
  embedAll(texts: readonly string[]): Float32Array {
    const out = new Float32Array(texts.length * this.dim);
    texts.forEach((text, row) => out.set(this.embed(text), row * this.dim));
    return out;
  }
}
