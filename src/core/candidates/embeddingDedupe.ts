/**
 * Near-duplicate removal in embedding space. Two candidates whose embeddings point the
 * same way add nothing to the search's input domain (ZOPO, Insight II) but cost a query
 * each if both are tried, so a pool keeps only the first of each close group.
 */

/**
 * Indices of the rows to keep, in order, greedily: a row is kept when its cosine similarity
 * to every row kept before it is at most `threshold`; the first `keepFirst` rows (the user's
 * original prompt, by default) are always kept. `embeddings` is row-major, `dim` values a
 * row, as `LlmClient.embed` (concatenated) or `LexicalEmbedder.embedAll` give them.
 *
 * Memory is O(N) beyond the input (row norms and the kept list), never an N x N matrix;
 * time is O(N x kept x dim). A zero row has no direction and is never a duplicate.
 */
export function dedupeByEmbedding(embeddings: Float32Array, dim: number, threshold: number, keepFirst = 1): number[] {
  if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (embeddings.length % dim !== 0) throw new RangeError(`${embeddings.length} values do not make rows of ${dim}`);
  if (Number.isNaN(threshold)) throw new RangeError('threshold is NaN');
  const rows = embeddings.length / dim;
  const norms = rowNorms(embeddings, dim, rows);
  const kept: number[] = [];
  for (let row = 0; row < rows; row++) {
    if (row < keepFirst || !hasNearDuplicate(embeddings, dim, norms, kept, row, threshold)) kept.push(row);
  }
  return kept;
}

function rowNorms(embeddings: Float32Array, dim: number, rows: number): Float64Array {
  const norms = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let j = row * dim, end = j + dim; j < end; j++) {
      const v = embeddings[j] ?? 0;
      sum += v * v;
    }
    norms[row] = Math.sqrt(sum);
  }
  return norms;
}

function hasNearDuplicate(
  embeddings: Float32Array,
  dim: number,
  norms: Float64Array,
  kept: readonly number[],
  row: number,
  threshold: number,
): boolean {
  const norm = norms[row] ?? 0;
  if (norm === 0) return false;
  const base = row * dim;
  for (const other of kept) {
    const otherNorm = norms[other] ?? 0;
    if (otherNorm === 0) continue;
    let dot = 0;
    // Indices stay inside the array (checked by the caller), so the reads need no fallback.
    for (let j = base, o = other * dim, end = base + dim; j < end; j++, o++) dot += (embeddings[j] as number) * (embeddings[o] as number);
    if (dot / (norm * otherNorm) > threshold) return true;
  }
  return false;
}
