/** Metrics for answers with structure: regular expressions, JSON, numbers, class labels. */
import { isDeepStrictEqual } from 'node:util';
import { escapeRegExp, normalizeAnswer } from './answerNormalize';
import { binary, MetricError, type ScoreResult } from './scoreTypes';

/** `match`: the output matches the pattern. `extract`: the captured answer equals the expected one. */
export type RegexMode = 'match' | 'extract';

/**
 * A scorer from a user's pattern; an invalid pattern is a {@link MetricError} at once, not a
 * zero on every example. `extract` uses the group named `answer`, else the first group.
 */
export function regexScorer(pattern: string, flags = '', mode: RegexMode = 'match'): (output: string, expected: string) => ScoreResult {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.replace(/[gy]/g, ''));
  } catch (e) {
    throw new MetricError(`invalid regular expression /${pattern}/${flags}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (mode === 'match') return (output) => (re.test(output) ? binary(true) : binary(false, `output does not match /${pattern}/${flags}`));
  const groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
  if (groups === 0) throw new MetricError(`regular expression /${pattern}/ needs a capture group to extract the answer`);
  return (output, expected) => {
    const m = re.exec(output);
    if (!m) return binary(false, `output does not match /${pattern}/${flags}`);
    const answer = m.groups?.['answer'] ?? m[1] ?? '';
    return normalizeAnswer(answer) === normalizeAnswer(expected) ? binary(true) : binary(false, `extracted "${answer}", expected "${expected}"`);
  };
}

/** Parsed JSON, or undefined. A Markdown code fence around the JSON is allowed, since models add one. */
export function parseJsonAnswer(text: string): { value: unknown } | undefined {
  const fenced = /^\s*```[\w-]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  try {
    return { value: JSON.parse(fenced?.[1] ?? text) as unknown };
  } catch {
    return undefined;
  }
}

/** 1 when both sides parse as JSON and are deeply equal (object key order does not matter). */
export function jsonEqual(output: string, expected: string): ScoreResult {
  const want = parseJsonAnswer(expected);
  if (!want) return binary(false, 'the expected answer is not valid JSON');
  const got = parseJsonAnswer(output);
  if (!got) return binary(false, 'the output is not valid JSON');
  return isDeepStrictEqual(got.value, want.value) ? binary(true) : binary(false, 'JSON differs from the expected value');
}

const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** The first number written in `text` ("1,234.5", "-3", "2e-3"), or undefined. */
export function firstNumber(text: string): number | undefined {
  for (const m of text.matchAll(NUMBER)) {
    if (!/\d/.test(m[0])) continue;
    const value = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}

/** Tolerances for {@link numericScorer}; a value passes when within either. */
export interface NumericTolerance {
  readonly absolute?: number;
  readonly relative?: number;
}

/** 1 when the first number in the output is within tolerance of the expected number. */
export function numericScorer(tolerance: NumericTolerance = {}): (output: string, expected: string) => ScoreResult {
  const absolute = tolerance.absolute ?? 1e-9;
  const relative = tolerance.relative ?? 0;
  if (!(absolute >= 0) || !(relative >= 0)) throw new MetricError('numeric tolerances must be non-negative numbers');
  return (output, expected) => {
    const want = firstNumber(expected);
    if (want === undefined) return binary(false, `the expected answer "${expected}" holds no number`);
    const got = firstNumber(output);
    if (got === undefined) return binary(false, 'no number in the output');
    const diff = Math.abs(got - want);
    return diff <= absolute || diff <= relative * Math.abs(want) ? binary(true) : binary(false, `got ${got}, expected ${want}`);
  };
}

/**
 * Classification: the label the output names first (among `labels`, compared normalised,
 * as whole words) must be the expected label. "Positive, not negative" predicts positive.
 */
export function labelScorer(labels: readonly string[]): (output: string, expected: string) => ScoreResult {
  const normal = [...new Set(labels.map(normalizeAnswer).filter((l) => l !== ''))];
  if (normal.length === 0) throw new MetricError('label match needs at least one label');
  // Longer labels first, so "very positive" wins over "positive" at the same position.
  const re = new RegExp(`(?:^|\\s)(${[...normal].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?=\\s|$)`);
  return (output, expected) => {
    const want = normalizeAnswer(expected);
    const found = re.exec(normalizeAnswer(output))?.[1];
    if (found === undefined) return binary(false, `no label (${normal.join(', ')}) in the output`);
    if (found === want) return binary(true);
    const note = normal.includes(want) ? '' : ` (the expected "${want}" is not among the labels)`;
    return binary(false, `predicted "${found}", expected "${want}"${note}`);
  };
}

/** The distinct expected outputs, as a label set for {@link labelScorer}. */
export function labelsFromOutputs(outputs: Iterable<string>): string[] {
  return [...new Set([...outputs].map((o) => o.trim()).filter((o) => o !== ''))];
}
