/**
 * The prompt `zopo optimize` starts from: a prompt file, stdin (`-`), or a string literal in
 * source code named by what it is bound to, `src/app.ts#SYSTEM_PROMPT` (codePrompt.ts, as
 * `zopo eval` reads it). A literal's stamp names it, so --write (also after --resume)
 * replaces that literal only (literalWrite.ts).
 */
import { resolve } from 'node:path';
import { sha256Of } from '../core/pipeline/runStamp';
import { literalSpecOf, readCodePrompt } from './codePrompt';
import { readPrompt, type LoadedPrompt } from './promptFile';

/** The prompt as read, and what is worth telling about it. */
export interface OptimizePrompt extends LoadedPrompt {
  readonly warnings: readonly string[];
}

/** Reads the prompt `shown` (as the user wrote it) names, relative to `cwd`. */
export async function readOptimizePrompt(shown: string, cwd: string, stdin: NodeJS.ReadableStream): Promise<OptimizePrompt> {
  if (shown === '-') return { ...(await readPrompt('-', stdin)), warnings: [] };
  const spec = resolve(cwd, shown);
  const literal = literalSpecOf(spec, shown);
  if (literal === undefined) return { ...(await readPrompt(spec, stdin)), warnings: [] };
  const code = await readCodePrompt(literal, 'optimize');
  return { text: code.text, trailing: '', stamp: { path: literal.file, sha256: sha256Of(code.bytes), literal: code.name }, warnings: code.warnings };
}
