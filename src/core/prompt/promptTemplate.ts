/** A prompt read as a template: which syntax it uses, which variables, and how to fill them. */
import { findPlaceholders, scanPython, TEMPLATE_SYNTAXES, type Placeholder, type TemplateSyntax } from './templateSyntax';

/** A parsed prompt. `syntax` is undefined when the prompt has no variables. */
export interface PromptTemplate {
  readonly text: string;
  readonly syntax: TemplateSyntax | undefined;
  /** Distinct variable names, in order of first use. */
  readonly variables: readonly string[];
  readonly placeholders: readonly Placeholder[];
}

/** Hints for {@link parsePromptTemplate}. */
export interface TemplateOptions {
  /** The syntax the source language implies (e.g. a Python format string); skips detection. */
  readonly syntax?: TemplateSyntax;
  /** Dataset fields: a syntax whose variables match them wins detection. */
  readonly fields?: readonly string[];
}

/** A variable with no value to fill it. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    message: string,
    readonly variables: readonly string[],
  ) {
    super(message);
  }
}

/** Parses `text`, detecting its syntax unless one is given. */
export function parsePromptTemplate(text: string, options: TemplateOptions = {}): PromptTemplate {
  const syntax = options.syntax ?? detectSyntax(text, options.fields);
  const placeholders = syntax === undefined ? [] : findPlaceholders(text, syntax);
  return { text, syntax: placeholders.length > 0 ? syntax : undefined, variables: unique(placeholders.map((p) => p.name)), placeholders };
}

/**
 * The syntax `text` most likely uses, or undefined when it has no placeholders.
 * Rules, in order: a syntax whose variables match more dataset fields wins; Python wins when
 * it has fields of its own (in a format string `{{x}}` is a literal, so a mix of `{x}` and
 * `{{y}}` reads as Python), not just the `{x}` inside `${x}` or `{{{x}}}`; then JavaScript,
 * then Mustache.
 */
export function detectSyntax(text: string, fields?: readonly string[]): TemplateSyntax | undefined {
  const found = new Map(TEMPLATE_SYNTAXES.map((s) => [s, findPlaceholders(text, s)] as const));
  let candidates = TEMPLATE_SYNTAXES.filter((s) => (found.get(s)?.length ?? 0) > 0);
  if (fields !== undefined) {
    const known = new Set(fields);
    const matches = (s: TemplateSyntax): number => unique((found.get(s) ?? []).map((p) => p.name)).filter((n) => known.has(n)).length;
    const best = Math.max(0, ...candidates.map(matches));
    if (best > 0) candidates = candidates.filter((s) => matches(s) === best);
  }
  // Python-looking fields that are really part of `${x}` or `{{{x}}}` do not count for Python.
  const mustache = found.get('mustache') ?? [];
  const ownPython = (found.get('python') ?? []).filter((p) => text[p.start - 1] !== '$' && !mustache.some((m) => m.start <= p.start && p.end <= m.end));
  if (candidates.includes('python') && ownPython.length > 0) return 'python';
  for (const syntax of ['js', 'mustache', 'python'] as const) if (candidates.includes(syntax)) return syntax;
  return undefined;
}

/** Variables of `template` that neither a field nor an explicit binding can fill. */
export function unboundVariables(template: PromptTemplate, fields: readonly string[], bindings: Readonly<Record<string, string>> = {}): string[] {
  return template.variables.filter((v) => !fields.includes(bindings[v] ?? v));
}

/**
 * Fills every placeholder from `values`. A valid Python format string also turns `{{`/`}}`
 * into single braces, as `str.format` would; one with stray braces cannot be a real format
 * string, so its literal text is left exactly as written.
 */
export function renderTemplate(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  const missing = template.variables.filter((v) => values[v] === undefined);
  if (missing.length > 0) {
    throw new TemplateError(`no value for ${missing.map((v) => `"${v}"`).join(', ')}`, missing);
  }
  const unescape = template.syntax === 'python' && scanPython(template.text).strayBraces.length === 0;
  const literal = (s: string): string => (unescape ? s.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : s);
  let out = '';
  let at = 0;
  for (const p of template.placeholders) {
    out += literal(template.text.slice(at, p.start)) + (values[p.name] ?? '');
    at = p.end;
  }
  return out + literal(template.text.slice(at));
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
