/**
 * A templated prompt read as an instruction followed by its input scaffold, the trailing
 * block that presents the variables ("Word: {word}\nAntonym:"). Induced instructions know
 * nothing of the template, so they get the original's scaffold appended; rewrites change
 * the instruction only and keep the scaffold as the user wrote it, so the variables (and
 * the code that fills them) never depend on what the model does with braces.
 */
import type { PromptTemplate } from '../prompt/promptTemplate';
import { findPlaceholders, type TemplateSyntax } from '../prompt/templateSyntax';

/** The two parts of a prompt; `instruction + separator + scaffold` is the original text. */
export interface TemplateParts {
  readonly instruction: string;
  readonly separator: string;
  /** Empty when the prompt has no variables or uses them only inside its sentences. */
  readonly scaffold: string;
  /** Lines presenting every variable, for texts that lack them (see {@link attachScaffold}). */
  readonly fallbackScaffold: string;
}

/** Text around the placeholders of a scaffold line: a label ("Review:"), quotes, nothing. */
const MAX_LABEL_CHARS = 40;

/** Splits `template` into its instruction and its trailing scaffold (see the module comment). */
export function splitTemplate(template: PromptTemplate): TemplateParts {
  const syntax = template.syntax;
  if (syntax === undefined) return { instruction: template.text, separator: '', scaffold: '', fallbackScaffold: '' };
  const lines = template.text.split('\n');
  let first = lines.length;
  let hasVariable = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const kind = lineKind(lines[i] ?? '', syntax);
    if (kind === 'other') break;
    if (kind === 'variable') hasVariable = true;
    first = i;
  }
  const fallbackScaffold = template.variables.map((v) => `${labelOf(v)}: ${rawOf(template, v)}`).join('\n');
  if (!hasVariable) return { instruction: template.text, separator: '', scaffold: '', fallbackScaffold };
  while (first < lines.length && (lines[first] ?? '').trim() === '') first++;
  const head = lines.slice(0, first).join('\n');
  const instruction = head.trimEnd();
  const separator = first === 0 ? '' : head.slice(instruction.length) + '\n';
  return { instruction, separator, scaffold: lines.slice(first).join('\n'), fallbackScaffold };
}

/**
 * An instruction with the scaffold the original uses: none for a prompt without variables;
 * the text as it is when it already writes a scaffold variable itself (the guard appends any
 * still missing); else the original's scaffold, or labelled variable lines when the original
 * only uses its variables inside sentences.
 */
export function attachScaffold(text: string, parts: TemplateParts, syntax: TemplateSyntax | undefined): string {
  if (syntax === undefined) return text;
  const scaffold = parts.scaffold !== '' ? parts.scaffold : parts.fallbackScaffold;
  const present = new Set(findPlaceholders(text, syntax).map((p) => p.name));
  const scaffoldVars = findPlaceholders(scaffold, syntax).map((p) => p.name);
  if (scaffoldVars.some((v) => present.has(v))) return text;
  const separator = parts.scaffold !== '' && parts.separator !== '' ? parts.separator : '\n\n';
  return `${text.trimEnd()}${separator}${scaffold}`;
}

type LineKind = 'variable' | 'cue' | 'blank' | 'other';

/** A scaffold line holds placeholders with a short label, or is a short cue ending in ":" ("Antonym:"). */
function lineKind(line: string, syntax: TemplateSyntax): LineKind {
  if (line.trim() === '') return 'blank';
  const placeholders = findPlaceholders(line, syntax);
  let rest = line;
  for (const p of [...placeholders].reverse()) rest = rest.slice(0, p.start) + rest.slice(p.end);
  rest = rest.trim();
  if (placeholders.length > 0) return rest.length <= MAX_LABEL_CHARS && !/[.!?]\s+\S/.test(rest) ? 'variable' : 'other';
  return rest.length <= MAX_LABEL_CHARS && /[:：]$/.test(rest) ? 'cue' : 'other';
}

function rawOf(template: PromptTemplate, name: string): string {
  return template.placeholders.find((p) => p.name === name)?.raw ?? name;
}

/** "user_question" -> "User question". */
function labelOf(variable: string): string {
  const words = variable.replace(/[_.]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.length === 0 ? 'Input' : (words[0] ?? '').toUpperCase() + words.slice(1);
}
