/** Splits a new value into literal text and the template variables it keeps. */
import type { TemplateVariable } from './promptLiteral';

/** Literal text, or a variable to write back as a substitution. */
export type ValueSegment = { readonly text: string } | { readonly variable: string };

function innerOf(placeholder: string): string {
  const open = placeholder.startsWith('${') ? 2 : 1;
  return placeholder.slice(open, -1).trim();
}

/**
 * The variable placeholder starting at `i`, if any: the exact placeholder text of a
 * known variable, or the same expression with different spacing (`${name}` for `${ name }`).
 */
function placeholderAt(value: string, i: number, variables: readonly TemplateVariable[], opener: string): string | undefined {
  for (const v of variables) if (value.startsWith(v.placeholder, i)) return v.placeholder;
  if (!value.startsWith(opener, i)) return undefined;
  const close = value.indexOf('}', i + opener.length);
  if (close < 0) return undefined;
  const candidate = value.slice(i, close + 1);
  const inner = candidate.slice(opener.length, -1).trim();
  const known = variables.find((v) => innerOf(v.placeholder) === inner);
  return known ? candidate : undefined;
}

/**
 * Segments of `value` for a literal whose substitutions are `variables` written with
 * `opener` (`${` or `{`). Only placeholders naming a known variable become variables:
 * any other `${…}` or `{…}` is text, so a new value can never inject code.
 */
export function splitValue(value: string, variables: readonly TemplateVariable[], opener: '${' | '{'): ValueSegment[] {
  const segments: ValueSegment[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    const placeholder = variables.length > 0 ? placeholderAt(value, i, variables, opener) : undefined;
    if (placeholder === undefined) {
      text += value[i] ?? '';
      i++;
      continue;
    }
    if (text) segments.push({ text });
    text = '';
    segments.push({ variable: placeholder });
    i += placeholder.length;
  }
  if (text) segments.push({ text });
  return segments;
}
