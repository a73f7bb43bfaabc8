/**
 * The sandbox's simulated embeddings: hashed word and character n-gram features of the
 * text with synonyms mapped to one word, projected to a fixed dimension and normalised.
 * Texts that share wording (or differ by synonyms) are near; everything is deterministic.
 */
import { hashedVector, words } from '../llm/hashedFeatures';
import { canonicalWord } from './wordBank';

/** Default dimension of sandbox embeddings. */
export const SANDBOX_EMBEDDING_DIM = 256;

/** The simulated embedding of `text`, unit length (zero for a text without words). */
export function sandboxEmbedding(text: string, dim = SANDBOX_EMBEDDING_DIM): number[] {
  const canonical = words(text).map(canonicalWord).join(' ');
  return Array.from(hashedVector(canonical, dim));
}

/** Little-endian float32 bytes in base64, as OpenAI sends with `encoding_format: "base64"`. */
export function toBase64Float32(vector: readonly number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
