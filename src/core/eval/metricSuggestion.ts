/**
 * Whether a dataset's expected outputs are free text (a support reply, a summary), which no
 * string metric can score fairly: Register Dataset then offers the LLM judge.
 */

/** Outputs of at least this many words, in the median, read as free text. */
const FREE_TEXT_WORDS = 8;

/** True when the median expected output is a sentence or more and the outputs are mostly distinct (not labels). */
export function looksOpenEnded(outputs: readonly string[]): boolean {
  if (outputs.length === 0) return false;
  const words = outputs.map((o) => o.trim().split(/\s+/).filter(Boolean).length).sort((a, b) => a - b);
  const median = words[Math.floor(words.length / 2)] ?? 0;
  const distinct = new Set(outputs.map((o) => o.trim().toLowerCase())).size;
  return median >= FREE_TEXT_WORDS && distinct >= outputs.length * 0.8;
}
