/**
 * Answer normalisation as SQuAD's `normalize_answer` does it, which instruction-induction
 * evaluations follow: lower-case, drop punctuation, drop the articles a/an/the, collapse
 * whitespace. Unicode punctuation (curly quotes, dashes) is dropped too, since models emit it.
 */

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]|\p{P}/gu;
const ARTICLES = /\b(a|an|the)\b/g;

/** SQuAD-style normalised text. */
export function normalizeAnswer(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ').split(/\s+/).filter(Boolean).join(' ');
}

/** Normalised tokens. */
export function answerTokens(text: string): string[] {
  const normal = normalizeAnswer(text);
  return normal === '' ? [] : normal.split(' ');
}

/** The first line with any text on it; models often add an explanation below the answer. */
export function firstNonEmptyLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}

/** `s` with regular-expression metacharacters escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
