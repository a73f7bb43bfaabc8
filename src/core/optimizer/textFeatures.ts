/**
 * Features of a candidate prompt's text that a topic embedding misses: on real prompt
 * landscapes most of the spread in accuracy is format (docs/ZOPO.md, "Real landscapes"), so
 * whether the model's answer can be parsed depends on the frame ("Q:/A:", labelled lines
 * such as "Output:"), quoting, answer-format instructions, where the placeholders sit, the
 * line structure and the length. The global GP blends these with the embedding
 * (blendedMetric.ts) and lets its marginal likelihood decide how much they count.
 */

/** Feature names, in column order (for tests and diagnostics). */
export const TEXT_FEATURE_NAMES = [
  'leadingNewline',
  'lines',
  'chars',
  'qaFrame',
  'endsWithColon',
  'endsWithQuestion',
  'endsWithPlaceholder',
  'endsWithNewline',
  'placeholders',
  'firstPlaceholderAt',
  'quotedPlaceholder',
  'labelledLines',
  'emptyLabel',
  'answerFormat',
  'example',
  'quotes',
  'enumerated',
] as const;

/** Template placeholders as the product's templates write them: `{name}` or `{{ name }}`. */
const PLACEHOLDER = /\{\{?\s*[A-Za-z_][\w.-]*\s*\}?\}/g;
const LABELLED_LINE = /^\s*[A-Z][\w ()/-]{0,30}:/;
const ANSWER_FORMAT =
  /\b(answer|respond|reply|output|return|write|print|give)\b[^.\n]{0,40}\b(only|just|single|exactly|format|as a|in the form)\b|\b(one word|yes or no|true or false|the letter)\b/i;
const EXAMPLE = /\b(example|e\.g\.|for instance|such as)\b/i;

/** The raw (unscaled) features of one text, in {@link TEXT_FEATURE_NAMES} order. */
export function textFeatureRow(text: string): number[] {
  const trimmed = text.trimEnd();
  const lines = text.split('\n');
  const places = [...text.matchAll(PLACEHOLDER)];
  const first = places[0]?.index;
  const labelled = lines.filter((l) => LABELLED_LINE.test(l));
  return [
    /^\s*\n/.test(text) ? 1 : 0,
    Math.log1p(lines.filter((l) => l.trim() !== '').length),
    Math.log1p(text.length),
    /(^|\n)\s*Q:/.test(text) && /(^|\n)\s*A:/.test(text) ? 1 : 0,
    trimmed.endsWith(':') ? 1 : 0,
    trimmed.endsWith('?') ? 1 : 0,
    /\}\}?["'`]?[.?!]?$/.test(trimmed) ? 1 : 0,
    /\n\s*$/.test(text) ? 1 : 0,
    Math.log1p(places.length),
    first === undefined ? 1 : first / Math.max(1, text.length),
    /["'`\u201c]\{\{?\s*[A-Za-z_][\w.-]*\s*\}?\}["'`\u201d]/.test(text) ? 1 : 0,
    Math.log1p(labelled.length),
    labelled.some((l) => /:\s*$/.test(l)) ? 1 : 0,
    ANSWER_FORMAT.test(text) ? 1 : 0,
    EXAMPLE.test(text) ? 1 : 0,
    Math.log1p((text.match(/["\u201c\u201d]/g) ?? []).length),
    lines.some((l) => /^\s*(\d+[.)]|[-*\u2022]|\(?[A-Da-d]\))\s/.test(l)) ? 1 : 0,
  ];
}

/**
 * The features of every text as a row-major `n x TEXT_FEATURE_NAMES.length` matrix, each
 * column standardised over the pool (z-scores; a column that does not vary is all zeros, so
 * it adds nothing to distances).
 */
export function textFeatureMatrix(texts: readonly string[]): Float64Array {
  const f = TEXT_FEATURE_NAMES.length;
  const n = texts.length;
  const out = new Float64Array(n * f);
  texts.forEach((t, i) => out.set(textFeatureRow(t), i * f));
  for (let j = 0; j < f; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += out[i * f + j] as number;
    mean /= Math.max(1, n);
    let v = 0;
    for (let i = 0; i < n; i++) v += ((out[i * f + j] as number) - mean) ** 2;
    const sd = Math.sqrt(v / Math.max(1, n));
    for (let i = 0; i < n; i++) out[i * f + j] = sd > 1e-9 ? ((out[i * f + j] as number) - mean) / sd : 0;
  }
  return out;
}
