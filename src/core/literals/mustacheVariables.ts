/** `{{name}}` placeholders written as plain text inside string literals. */
import { findPlaceholders } from '../prompt/templateSyntax';
import type { LiteralPart, TemplateVariable } from './promptLiteral';

/** Mustache/Jinja placeholders in the literal text of `parts` (offsets into the joined value). */
export function mustacheVariables(parts: readonly LiteralPart[]): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  let base = 0;
  for (const part of parts) {
    // In an f-string, {{x}} is an escaped brace pair, not a placeholder.
    if (part.kind === 'js-string' || part.kind === 'py-string' || part.kind === 'js-template') {
      for (const p of findPlaceholders(part.value, 'mustache')) {
        if (part.variables.some((v) => p.start < v.valueOffset + v.placeholder.length && v.valueOffset < p.end)) continue;
        out.push({ name: p.name, placeholder: p.raw, syntax: 'mustache', valueOffset: base + p.start });
      }
    }
    base += part.value.length;
  }
  return out;
}
