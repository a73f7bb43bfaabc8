/**
 * The prompt `zopo eval` scores: a prompt file, stdin (`-`), or a string literal in source
 * code named by what it is bound to, `src/app.ts#SYSTEM_PROMPT` (TypeScript, JavaScript,
 * Python), found by the same locator the editor uses. A name that matches no literal, or
 * more than one, is bad input: the message lists the candidates with their line numbers.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { findPromptLiterals } from '../core/literals/findPromptLiterals';
import type { PromptLiteral, SourceLanguage } from '../core/literals/promptLiteral';
import { RunInputError } from '../core/pipeline/runErrors';
import { readPrompt } from './promptFile';

/** The prompt's text and where it came from. */
export interface EvalPrompt {
  readonly text: string;
  /** For people and the report: the path, `<stdin>`, or `file#NAME`. */
  readonly source: string;
  /** Where a literal starts in its file (1-based), for messages. */
  readonly line?: number;
  readonly warnings: readonly string[];
}

const LANGUAGES: Readonly<Record<string, SourceLanguage>> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript', '.py': 'python',
};

/** Most bound names listed when a name matches none. */
const MAX_LISTED = 20;

/** Reads the prompt `spec` names (`shown` is how the user wrote it; `spec` is resolved against the working directory). */
export async function readEvalPrompt(spec: string, shown: string, stdin: NodeJS.ReadableStream): Promise<EvalPrompt> {
  if (spec === '-') return { ...(await readPrompt('-', stdin)), source: '<stdin>', warnings: [] };
  const hash = spec.lastIndexOf('#');
  // Source code is never the prompt itself: its literal is named after "#".
  if (hash < 0 && LANGUAGES[extname(spec).toLowerCase()] !== undefined) return literalPrompt(spec, shown, undefined);
  if (hash < 0 || existsSync(spec)) return { text: (await readPrompt(spec, stdin)).text, source: shown, warnings: [] };
  const file = spec.slice(0, hash);
  const name = spec.slice(hash + 1).trim();
  const shownFile = shown.slice(0, shown.lastIndexOf('#'));
  if (name === '') throw new RunInputError(`${shown}: give the name the prompt is bound to after "#", e.g. ${shownFile}#SYSTEM_PROMPT`, shownFile);
  return literalPrompt(file, shownFile, name);
}

/** The literal bound to `name` in `file`; no name (a code file given alone) lists the names to choose from. */
async function literalPrompt(file: string, shownFile: string, name: string | undefined): Promise<EvalPrompt> {
  const language = LANGUAGES[extname(file).toLowerCase()];
  if (language === undefined) throw new RunInputError(`${shownFile}: prompts are looked up by name in ${Object.keys(LANGUAGES).join(', ')} files only`, shownFile);
  const source = await readSource(file, shownFile);
  const literals = await findPromptLiterals(source, language, wasmOptions());
  if (name === undefined) {
    const names = [...new Set(literals.flatMap((l) => (l.bindingName === undefined ? [] : [l.bindingName])))];
    const example = `${shownFile}#${names[0] ?? 'SYSTEM_PROMPT'}`;
    const list = names.length === 0 ? '; it has no string literal bound to a name' : `; its literals bound to a name: ${names.slice(0, MAX_LISTED).join(', ')}${names.length > MAX_LISTED ? ', ...' : ''}`;
    throw new RunInputError(`${shownFile}: is source code, not a prompt file: name the literal to score after "#", e.g. ${example}${list}`, shownFile);
  }
  const exact = literals.filter((l) => l.bindingName === name);
  // `prompt` also finds `this.prompt` and `self.prompt`, when nothing is bound to `prompt` itself.
  const matches = exact.length > 0 ? exact : literals.filter((l) => l.bindingName?.split('.').pop() === name);
  const at = (l: PromptLiteral): number => l.range.startPosition.line + 1;
  if (matches.length === 0) {
    const bound = literals.filter((l) => l.bindingName !== undefined);
    const listed = bound.slice(0, MAX_LISTED).map((l) => `  ${shownFile}:${at(l)}: ${l.bindingName ?? ''}`);
    const more = bound.length > MAX_LISTED ? [`  ... and ${bound.length - MAX_LISTED} more`] : [];
    const list = bound.length === 0 ? ' (it has no string literal bound to a name)' : `; the literals bound to a name are:\n${[...listed, ...more].join('\n')}`;
    throw new RunInputError(`${shownFile}: no string literal is bound to "${name}"${list}`, shownFile);
  }
  if (matches.length > 1) {
    const listed = matches.map((l) => `  ${shownFile}:${at(l)}: ${l.bindingName ?? ''} = ${preview(l.value)}`).join('\n');
    throw new RunInputError(`${shownFile}: "${name}" names ${matches.length} string literals; rename one, or put the prompt in a file:\n${listed}`, shownFile, at(matches[0] as PromptLiteral));
  }
  const literal = matches[0] as PromptLiteral;
  const line = at(literal);
  const text = literal.value.replace(/\s+$/, '');
  if (text.trim() === '') throw new RunInputError(`${shownFile}:${line}: the literal bound to "${name}" is empty`, shownFile, line);
  const warnings = literal.notes.map((note) => `${shownFile}:${line}: ${note}`);
  return { text, source: `${shownFile}#${name}`, line, warnings };
}

async function readSource(file: string, shown: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(error)})`;
    throw new RunInputError(`${shown}: ${why}`, shown);
  }
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
