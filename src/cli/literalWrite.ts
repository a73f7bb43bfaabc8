/**
 * `zopo optimize --prompt app.ts#NAME --write`: the best prompt replaces just the literal
 * bound to NAME, escaped for its language and quote kind (the editor's own rendering,
 * src/core/literals/renderReplacement.ts), with the prompt file's write safety: only when
 * the file still holds exactly what the run read, keeping its mode (promptFile.ts). The new
 * source is parsed again before it is written: the literal must read back as the prompt.
 */
import { readFileSync } from 'node:fs';
import { applyReplacement, renderReplacement } from '../core/literals/renderReplacement';
import { sha256Of, type PromptFileStamp } from '../core/pipeline/runStamp';
import { literalsNamed, literalsOf } from './codePrompt';
import { replaceIfUnchanged, saveBestPrompt, type WriteOutcome } from './promptFile';

/** What became of the write, and anything the rendering noted (e.g. an escape it had to change). */
export type LiteralWriteOutcome = WriteOutcome & { readonly notes: readonly string[] };

/** Puts `text` in the literal `stamp.literal` of `stamp.path`; see the module comment. best-prompt.txt is written either way. */
export async function writeChosenLiteral(stamp: PromptFileStamp & { readonly literal: string }, text: string, runDir: string): Promise<LiteralWriteOutcome> {
  const savedTo = saveBestPrompt(runDir, text);
  const refuse = (reason: string): LiteralWriteOutcome => ({ written: false, reason, savedTo, notes: [] });
  let bytes: Buffer;
  try {
    bytes = readFileSync(stamp.path);
  } catch {
    return refuse(`${stamp.path} is gone`);
  }
  if (sha256Of(bytes) !== stamp.sha256) return refuse(`${stamp.path} has changed since the run read it`);
  const source = bytes.toString('utf8');
  const found = literalsNamed(await literalsOf(source, stamp.path), stamp.literal);
  const literal = found[0];
  if (found.length !== 1 || literal === undefined) return refuse(`${stamp.path}: the literal bound to "${stamp.literal}" cannot be found again`);
  // The literal's trailing whitespace (the prompt was read without it) is kept, as a prompt file's is.
  const value = text + literal.value.slice(literal.value.replace(/\s+$/, '').length);
  const replacement = renderReplacement(literal, value);
  const data = applyReplacement(source, replacement);
  const again = literalsNamed(await literalsOf(data, stamp.path), stamp.literal);
  if (again.length !== 1 || again[0]?.value !== value) return refuse(`${stamp.path}: the literal bound to "${stamp.literal}" would not read back as the new prompt (a bug: please report it)`);
  const outcome = replaceIfUnchanged(stamp, savedTo, () => data);
  return { ...outcome, notes: replacement.notes };
}
