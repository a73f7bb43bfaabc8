/** Metrics on normalised text: exact match, contains, token F1, exact set. */
import { answerTokens, escapeRegExp, firstNonEmptyLine, normalizeAnswer } from './answerNormalize';
import { binary, type ScoreResult } from './scoreTypes';

/**
 * Exact match after normalisation. With `firstLine` (the default), a single-line expected
 * answer is compared with the output's first non-empty line, as the ZOPO reference does.
 */
export function exactMatch(output: string, expected: string, firstLine = true): ScoreResult {
  const answer = firstLine && !expected.trim().includes('\n') ? firstNonEmptyLine(output) : output;
  const got = normalizeAnswer(answer);
  const want = normalizeAnswer(expected);
  return got === want ? binary(true) : binary(false, `got "${got}", expected "${want}"`);
}

/** 1 when the normalised expected answer occurs in the normalised output as whole words. */
export function containsAnswer(output: string, expected: string): ScoreResult {
  const want = normalizeAnswer(expected);
  if (want === '') return binary(false, 'the expected answer is empty after normalisation');
  const found = new RegExp(`(^|\\s)${escapeRegExp(want)}(\\s|$)`).test(normalizeAnswer(output));
  return found ? binary(true) : binary(false, `"${want}" not found in the output`);
}

/** SQuAD token F1 between normalised output and expected answer. */
export function tokenF1(output: string, expected: string): ScoreResult {
  const got = answerTokens(output);
  const want = answerTokens(expected);
  if (got.length === 0 || want.length === 0) return binary(got.length === want.length, got.length === 0 ? 'empty output' : undefined);
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of got) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return { score: 0, detail: 'no tokens in common' };
  const precision = common / got.length;
  const recall = common / want.length;
  const f1 = (2 * precision * recall) / (precision + recall);
  return f1 === 1 ? { score: 1 } : { score: f1, detail: `precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}` };
}

/** How exact-set splits an answer into items. */
export type SetSplit = 'items' | 'words';

/**
 * 1 when output and expected hold the same set of items: comma- or newline-separated
 * items by default, or words (the benchmark's orthography task compares word sets).
 */
export function exactSet(output: string, expected: string, split: SetSplit = 'items'): ScoreResult {
  const toSet = (text: string): Set<string> =>
    new Set(split === 'words' ? answerTokens(text) : text.split(/[,\n]/).map(normalizeAnswer).filter((s) => s !== ''));
  const got = toSet(output);
  const want = toSet(expected);
  const missing = [...want].filter((x) => !got.has(x));
  const extra = [...got].filter((x) => !want.has(x));
  if (missing.length === 0 && extra.length === 0) return binary(true);
  const parts = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', extra.length > 0 ? `extra ${extra.join(', ')}` : ''];
  return binary(false, parts.filter(Boolean).join('; '));
}
