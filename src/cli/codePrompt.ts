/**
 * A prompt that is a string literal in source code, named by what it is bound to:
 * `src/app.ts#SYSTEM_PROMPT` (TypeScript, JavaScript, Python), found by the same locator the
 * editor uses. `zopo eval` scores it and `zopo optimize` optimizes it (and, with --write,
 * puts the best prompt back in its place: literalWrite.ts). A name that matches no literal,
 * or more than one, and a source file given without a name, are bad input: the message
 * lists the named literals with their line numbers.
 */
import { existsSync } from 'node:fs';
import { readInputFile } from './promptFile';
import { extname, join } from 'node:path';
import { findPromptLiterals } from '../core/literals/findPromptLiterals';
import type { PromptLiteral, SourceLanguage } from '../core/literals/promptLiteral';
import { RunInputError } from '../core/pipeline/runErrors';

const LANGUAGES: Readonly<Record<string, SourceLanguage>> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript', '.py': 'python',
};

/** Most bound names listed when a name matches none. */
const MAX_LISTED = 20;

/** The language of a source file by its extension, or undefined for anything else (a prompt file). */
export function sourceLanguageOf(file: string): SourceLanguage | undefined {
  return LANGUAGES[extname(file).toLowerCase()];
}

/** Where a `file#NAME` spec points; `shown` is how the user wrote it. */
export interface LiteralSpec {
  readonly file: string;
  readonly shownFile: string;
  /** Undefined for a source file given without `#NAME`. */
  readonly name: string | undefined;
}

/**
 * The literal `spec` names, or undefined when `spec` is a prompt file (no `#`, not source
 * code; or a file whose own name has a `#`).
 */
export function literalSpecOf(spec: string, shown: string): LiteralSpec | undefined {
  const hash = spec.lastIndexOf('#');
  // Source code is never the prompt itself: its literal is named after "#".
  if (hash < 0) return sourceLanguageOf(spec) === undefined ? undefined : { file: spec, shownFile: shown, name: undefined };
  if (existsSync(spec)) return undefined;
  const shownFile = shown.slice(0, shown.lastIndexOf('#'));
  const name = spec.slice(hash + 1).trim();
  if (name === '') throw new RunInputError(`${shown}: give the name the prompt is bound to after "#", e.g. ${shownFile}#SYSTEM_PROMPT`, shownFile);
  return { file: spec.slice(0, hash), shownFile, name };
}

/** A literal found by its name, with the file as read. */
export interface CodePrompt {
  /** The literal's value without its trailing whitespace. */
  readonly text: string;
  /** `file#NAME` as the user wrote the file. */
  readonly source: string;
  /** Where the literal starts (1-based). */
  readonly line: number;
  readonly warnings: readonly string[];
  readonly literal: PromptLiteral;
  readonly name: string;
  /** The file's bytes when it was read. */
  readonly bytes: Buffer;
}

/** Reads `spec.file` and finds the literal bound to `spec.name`; `verb` says what for ("score", "optimize"). */
export async function readCodePrompt(spec: LiteralSpec, verb: string): Promise<CodePrompt> {
  const { file, shownFile, name } = spec;
  const language = sourceLanguageOf(file);
  if (language === undefined) throw new RunInputError(`${shownFile}: prompts are looked up by name in ${Object.keys(LANGUAGES).join(', ')} files only`, shownFile);
  const bytes = await readInputFile(file, shownFile);
  const literals = await findPromptLiterals(bytes.toString('utf8'), language, wasmOptions());
  const bound = literals.filter((l) => l.bindingName !== undefined);
  const listed = [...bound.slice(0, MAX_LISTED).map((l) => `  ${shownFile}:${lineOf(l)}: ${l.bindingName ?? ''}`), ...(bound.length > MAX_LISTED ? [`  ... and ${bound.length - MAX_LISTED} more`] : [])].join('\n');
  if (name === undefined) {
    const names = [...new Set(bound.map((l) => l.bindingName ?? ''))];
    const example = `${shownFile}#${names[0] ?? 'SYSTEM_PROMPT'}`;
    const list = names.length === 0 ? '; it has no string literal bound to a name' : `; its literals bound to a name: ${names.slice(0, MAX_LISTED).join(', ')}${names.length > MAX_LISTED ? ', ...' : ''}:\n${listed}`;
    throw new RunInputError(`${shownFile}: is source code, not a prompt file: name the literal to ${verb} after "#", e.g. ${example}${list}`, shownFile);
  }
  const matches = literalsNamed(literals, name);
  if (matches.length === 0) {
    const list = bound.length === 0 ? ' (it has no string literal bound to a name)' : `; the literals bound to a name are:\n${listed}`;
    throw new RunInputError(`${shownFile}: no string literal is bound to "${name}"${list}`, shownFile);
  }
  if (matches.length > 1) {
    const lines = matches.map((l) => `  ${shownFile}:${lineOf(l)}: ${l.bindingName ?? ''} = ${preview(l.value)}`).join('\n');
    throw new RunInputError(`${shownFile}: "${name}" names ${matches.length} string literals; rename one, or put the prompt in a file:\n${lines}`, shownFile, lineOf(matches[0] as PromptLiteral));
  }
  const literal = matches[0] as PromptLiteral;
  const line = lineOf(literal);
  const text = literal.value.replace(/\s+$/, '');
  if (text.trim() === '') throw new RunInputError(`${shownFile}:${line}: the literal bound to "${name}" is empty`, shownFile, line);
  const warnings = literal.notes.map((note) => `${shownFile}:${line}: ${note}`);
  return { text, source: `${shownFile}#${name}`, line, warnings, literal, name, bytes };
}

/** The literals bound to `name`; `prompt` also finds `this.prompt` and `self.prompt`, when nothing is bound to `prompt` itself. */
export function literalsNamed(literals: readonly PromptLiteral[], name: string): PromptLiteral[] {
  const exact = literals.filter((l) => l.bindingName === name);
  return exact.length > 0 ? exact : literals.filter((l) => l.bindingName?.split('.').pop() === name);
}

/** The literals of `source`, parsed as `file`'s language (which must be a source language). */
export async function literalsOf(source: string, file: string): Promise<PromptLiteral[]> {
  const language = sourceLanguageOf(file);
  if (language === undefined) throw new Error(`${file} is not source code`);
  return [...(await findPromptLiterals(source, language, wasmOptions()))];
}

function lineOf(literal: PromptLiteral): number {
  return literal.range.startPosition.line + 1;
}


/** The bundled CLI ships the parser's wasm files next to itself (dist/wasm); unbundled, the package's own are used. */
function wasmOptions(): { wasmDir?: string } {
  const bundled = join(__dirname, 'wasm');
  return existsSync(join(bundled, 'tree-sitter.wasm')) ? { wasmDir: bundled } : {};
}

function preview(text: string): string {
  const flat = JSON.stringify(text.replace(/\s+/g, ' ').trim());
  return flat.length > 60 ? `${flat.slice(0, 57)}..."` : flat;
}
