/**
 * Reading the prompt (a file, or stdin for `-`) and, only with --write, putting the chosen
 * prompt in the file. The file is the user's: it is replaced only when it still holds
 * exactly the bytes the run read, never when read-only, through a symlink to its target,
 * keeping its mode and owner, atomically (a temporary sibling renamed over it). When the
 * file cannot be written the chosen prompt is kept in the run directory instead.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, lstatSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/pipeline/atomicFiles';
import { RunInputError } from '../core/pipeline/runErrors';
import { sha256Of, type FileStamp, type PromptFileStamp } from '../core/pipeline/runStamp';

/** Where `--write` keeps the chosen prompt in the run directory, written or not. */
export const BEST_PROMPT_FILE = 'best-prompt.txt';

/** A prompt as read: the text to optimize and what surrounded it in the file. */
export interface LoadedPrompt {
  readonly text: string;
  /** The trailing whitespace the file had, put back on --write. */
  readonly trailing: string;
  /** The file's path and the hash of the bytes read (and the literal's name, for source code); absent for stdin. */
  readonly stamp: PromptFileStamp | undefined;
}

/** Reads `source` (`-` is stdin; otherwise an absolute path); a missing or unreadable file is a RunInputError. */
export async function readPrompt(source: string, stdin: NodeJS.ReadableStream): Promise<LoadedPrompt> {
  const bytes = source === '-' ? await readAll(stdin) : await readInputFile(source);
  const raw = bytes.toString('utf8');
  const text = raw.replace(/\s+$/, '');
  if (text.trim() === '') throw new RunInputError(`${source === '-' ? '<stdin>' : source}:1:1: the prompt is empty`, source, 1, 1);
  return { text, trailing: raw.slice(text.length), stamp: source === '-' ? undefined : { path: source, sha256: sha256Of(bytes) } };
}

/** What became of a --write. */
export type WriteOutcome = { readonly written: true; readonly savedTo: string } | { readonly written: false; readonly reason: string; readonly savedTo: string };

/**
 * Puts `text` in the prompt file `stamp` names (the run's own, from its inputs.json), keeping the file's trailing whitespace, if
 * the file still holds what the run read and may be written; see the module comment. The
 * text is saved as best-prompt.txt in `runDir` either way.
 */
export function writeChosenPrompt(stamp: FileStamp | undefined, text: string, runDir: string): WriteOutcome {
  const savedTo = saveBestPrompt(runDir, text);
  if (stamp === undefined) return { written: false, reason: 'the run did not read its prompt from a file', savedTo };
  return replaceIfUnchanged(stamp, savedTo, (raw) => text + raw.slice(raw.replace(/\s+$/, '').length));
}

/** Keeps `text` as best-prompt.txt in `runDir`; returns its path. */
export function saveBestPrompt(runDir: string, text: string): string {
  const savedTo = join(runDir, BEST_PROMPT_FILE);
  writeFileAtomic(savedTo, text + '\n');
  return savedTo;
}

/**
 * Replaces the file `stamp` names by `compose(its text)`, if it still holds what the run
 * read and may be written; see the module comment.
 */
export function replaceIfUnchanged(stamp: FileStamp, savedTo: string, compose: (raw: string) => string): WriteOutcome {
  const current = readCurrent(stamp.path);
  if (current === undefined) return { written: false, reason: `${stamp.path} is gone`, savedTo };
  if (sha256Of(current) !== stamp.sha256) return { written: false, reason: `${stamp.path} has changed since the run read it`, savedTo };
  const target = realpathSync(stamp.path);
  const stats = statSync(target);
  if (!writable(target, stats)) return { written: false, reason: `${stamp.path} is read-only`, savedTo };
  const data = compose(current.toString('utf8'));
  // Checked once more right before the replace: the window for a lost edit stays tiny.
  if (sha256Of(readCurrent(stamp.path) ?? '') !== stamp.sha256) return { written: false, reason: `${stamp.path} has changed since the run read it`, savedTo };
  try {
    replaceKeepingAttributes(target, stats, data);
  } catch (error) {
    return { written: false, reason: `cannot write ${stamp.path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, savedTo };
  }
  return { written: true, savedTo };
}

/**
 * Replaces `target` by a renamed temporary sibling that has its mode and owner. When the
 * owner cannot be given to the new file (not ours to chown), or other hard links share the
 * file, it is overwritten in place instead, which keeps both.
 */
function replaceKeepingAttributes(target: string, stats: Stats, data: string): void {
  if (stats.nlink > 1 || !tryReplace(target, stats, data)) writeFileSync(target, data);
}

/** False when the replace cannot keep what it must (no new file in the folder, no chown); other errors throw. */
function tryReplace(target: string, stats: Stats, data: string): boolean {
  const temp = join(dirname(target), `.${basename(target)}.zopo-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data, { flag: 'wx', mode: stats.mode & 0o7777 });
  } catch (error) {
    if (isPermissionError(error)) return false;
    throw error;
  }
  try {
    chmodSync(temp, stats.mode & 0o7777);
    const mine = lstatSync(temp);
    if (mine.uid !== stats.uid || mine.gid !== stats.gid) chownSync(temp, stats.uid, stats.gid);
    renameSync(temp, target);
    return true;
  } catch (error) {
    rmSync(temp, { force: true });
    if (isPermissionError(error)) return false;
    throw error;
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}

/** Writable by us, and not marked read-only for everyone (root may write anything, but should not here). */
function writable(target: string, stats: Stats): boolean {
  if ((stats.mode & 0o222) === 0) return false;
  try {
    accessSync(target, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readCurrent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The bytes of an input file; a file that cannot be read is a RunInputError naming it as `shown`. */
export async function readInputFile(file: string, shown = file): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(error)})`;
    throw new RunInputError(`${shown}: ${why}`, shown);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
