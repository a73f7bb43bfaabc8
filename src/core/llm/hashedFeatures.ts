/**
 * Hashed text features shared by the lexical embedder and the sandbox model: FNV-1a
 * hashing, word and character n-grams, and the signed "hashing trick" projection into a
 * fixed number of dimensions (Weinberger et al., 2009, "Feature hashing for large scale
 * multitask learning").
 */

/** 32-bit FNV-1a hash of a string (UTF-16 code units), optionally salted. */
export function fnv1a(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A hash mapped to [0, 1). */
export function unitHash(text: string, salt = 0): number {
  return fnv1a(text, salt) / 4294967296;
}

/** Lower-cased word tokens (letters and digits of any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Word n-grams for n = 1..maxN, joined with a space. */
export function wordNgrams(tokens: readonly string[], maxN: number): string[] {
  const out: string[] = [];
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** Character n-grams of each word padded with spaces, for n in [minN, maxN]. */
export function charNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
    }
  }
  return out;
}

/** The features of a text as used by both embedders: word 1-2 grams and char 3-4 grams. */
export function textFeatures(text: string): string[] {
  const tokens = words(text);
  return [...wordNgrams(tokens, 2).map((g) => `w:${g}`), ...charNgrams(tokens, 3, 4).map((g) => `c:${g}`)];
}

/** Signed bucket of a feature: index in [0, dim) and a +-1 sign from an independent hash. */
export function featureBucket(feature: string, dim: number): { index: number; sign: 1 | -1 } {
  const index = fnv1a(feature) % dim;
  const sign = (fnv1a(feature, 0x5bd1e995) & 1) === 0 ? 1 : -1;
  return { index, sign };
}

/** Scales a vector to unit Euclidean length in place (a zero vector stays zero). */
export function l2Normalize(vector: Float64Array | number[]): void {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0) return;
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
}

/** Hashed bag-of-features vector with raw counts, L2-normalised. */
export function hashedVector(text: string, dim: number): Float64Array {
  const vector = new Float64Array(dim);
  for (const feature of textFeatures(text)) {
    const { index, sign } = featureBucket(feature, dim);
    vector[index] = (vector[index] ?? 0) + sign;
  }
  l2Normalize(vector);
  return vector;
}
