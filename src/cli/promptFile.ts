/**
 * Reading the prompt (a file, or stdin for `-`) and, only with --write, replacing the file
 * with the chosen prompt atomically, keeping the file's trailing newline.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../core/pipeline/atomicFiles';
import { RunInputError } from '../core/pipeline/runErrors';

/** A prompt as read: the text to optimize and what surrounded it in the file. */
export interface LoadedPrompt {
  readonly text: string;
  /** The trailing whitespace the file had, put back on --write. */
  readonly trailing: string;
}

/** Reads `source` (`-` is stdin); a missing or unreadable file is a RunInputError. */
export async function readPrompt(source: string, stdin: NodeJS.ReadableStream): Promise<LoadedPrompt> {
  const raw = source === '-' ? await readAll(stdin) : await readPromptFile(source);
  const text = raw.replace(/\s+$/, '');
  if (text.trim() === '') throw new RunInputError(`${source === '-' ? '<stdin>' : source}:1:1: the prompt is empty`, source, 1, 1);
  return { text, trailing: raw.slice(text.length) };
}

/** Replaces the prompt file with `text` (plus the original trailing whitespace), atomically. */
export function writePrompt(file: string, text: string, trailing: string): void {
  writeFileAtomic(file, text + trailing);
}

async function readPromptFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(error)})`;
    throw new RunInputError(`${file}: ${why}`, file);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
