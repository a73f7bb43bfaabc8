/**
 * Every candidate prompt must keep the original's variables, in the original's syntax, or
 * it would break the code it is written back into. This guard repairs what it safely can
 * and rejects the rest; no unchecked candidate reaches evaluation.
 */
import { parsePromptTemplate, type PromptTemplate } from './promptTemplate';
import { escapeStrayBraces, findPlaceholders, scanPython, TEMPLATE_SYNTAXES, type TemplateSyntax } from './templateSyntax';

/** The guard's decision: a usable text (possibly repaired, with notes saying how) or a reason to drop it. */
export type CandidateVerdict =
  | { readonly ok: true; readonly text: string; readonly template: PromptTemplate; readonly repairs: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks `candidate` against `original`:
 * - placeholders of the original's variables written in another syntax are rewritten;
 * - a missing variable is appended on its own line, written as in the original;
 * - in a valid Python format string, stray braces are doubled so `str.format` still works;
 * - a variable the original does not have is a rejection (nothing could fill it), as is an
 *   empty candidate.
 */
export function guardCandidate(original: PromptTemplate, candidate: string): CandidateVerdict {
  let text = candidate.trim();
  if (text === '') return { ok: false, reason: 'the candidate is empty' };
  if (original.syntax === undefined) return guardPlainCandidate(text);
  const syntax = original.syntax;
  const repairs: string[] = [];
  text = convertForeignPlaceholders(text, original, repairs);
  const invented = distinct(findPlaceholders(text, syntax).map((p) => p.name)).filter((n) => !original.variables.includes(n));
  if (invented.length > 0) return { ok: false, reason: `introduces ${listVars(invented)}, which the original prompt does not have` };
  if (syntax === 'python' && scanPython(original.text).strayBraces.length === 0 && scanPython(text).strayBraces.length > 0) {
    text = escapeStrayBraces(text);
    repairs.push('doubled stray braces so the text stays a valid format string');
  }
  const present = new Set(findPlaceholders(text, syntax).map((p) => p.name));
  const missing = original.variables.filter((v) => !present.has(v));
  if (missing.length > 0) {
    text += '\n\n' + missing.map((v) => rawFor(original, v)).join('\n');
    repairs.push(`appended missing ${listVars(missing)}`);
  }
  return { ok: true, text, template: parsePromptTemplate(text, { syntax }), repairs };
}

/** An original with no variables takes the example as the user message; a candidate must not add variables. */
function guardPlainCandidate(text: string): CandidateVerdict {
  for (const syntax of TEMPLATE_SYNTAXES) {
    const found = findPlaceholders(text, syntax);
    if (found.length > 0) {
      return { ok: false, reason: `introduces ${listVars(distinct(found.map((p) => p.raw)))}, but the original prompt has no variables` };
    }
  }
  return { ok: true, text, template: parsePromptTemplate(text), repairs: [] };
}

/** Rewrites `${x}` / `{{x}}` / `{x}` into the original's syntax when `x` is one of its variables. */
function convertForeignPlaceholders(text: string, original: PromptTemplate, repairs: string[]): string {
  const order: TemplateSyntax[] = ['js', 'mustache', 'python'];
  let out = text;
  for (const foreign of order) {
    if (foreign === original.syntax) continue;
    // In a Python original, `${x}` reads as "$" + `{x}`; the "$" is an LLM's JavaScript habit, so convert it whole.
    const own = original.syntax === 'python' && foreign === 'js' ? [] : findPlaceholders(out, original.syntax ?? foreign);
    const overlapsOwn = (start: number, end: number): boolean => own.some((p) => start < p.end && p.start < end);
    const convertible = findPlaceholders(out, foreign).filter((p) => original.variables.includes(p.name) && !overlapsOwn(p.start, p.end));
    for (const p of convertible.reverse()) {
      out = out.slice(0, p.start) + rawFor(original, p.name) + out.slice(p.end);
      repairs.push(`rewrote ${p.raw} as ${rawFor(original, p.name)}`);
    }
  }
  return out;
}

/** The placeholder as the original writes it (keeps its spacing and format spec). */
function rawFor(original: PromptTemplate, name: string): string {
  return original.placeholders.find((p) => p.name === name)?.raw ?? name;
}

function distinct(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function listVars(names: readonly string[]): string {
  return (names.length === 1 ? 'variable ' : 'variables ') + names.map((n) => `"${n}"`).join(', ');
}
