/**
 * inputs.json: the content hashes of the files a run read (the prompt file, the data, the
 * test data) when it started. A resume that would mix scores of two versions of the data,
 * or a `--write` over a prompt file the user has edited since, is caught by comparing
 * these with the files as they are now.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readTextIfExists, writeJsonAtomic } from './atomicFiles';
import type { RunConfig } from './runConfig';
import { RunDirectoryError } from './runErrors';
import { endpointProblems } from './sessionEndpoint';

/** The stamp's name in a run directory. */
export const RUN_STAMP_FILE = 'inputs.json';

/** A file as it was read: its absolute path and the SHA-256 of its bytes. */
export interface FileStamp {
  readonly path: string;
  readonly sha256: string;
}

/** The prompt file as read; with `literal`, the prompt is the string literal bound to that name in it (source code). */
export interface PromptFileStamp extends FileStamp {
  readonly literal?: string;
}

/** What inputs.json holds. */
export interface RunStamp {
  readonly version: 1;
  /** Absent when the prompt did not come from a file (stdin, an editor literal). */
  readonly promptFile?: PromptFileStamp;
  readonly data: FileStamp | undefined;
  readonly testData: FileStamp | undefined;
}

/** The endpoint a resume is going to use, when the caller chooses it (the editor's settings). */
export interface EndpointChoice {
  readonly baseUrl: string;
  readonly model: string;
  /** The editor's proxy to VS Code's Language Model API, new each session (sessionEndpoint.ts). */
  readonly languageModelApi?: boolean;
}

/** The SHA-256 of some bytes, hex. */
export function sha256Of(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's stamp now, or undefined when it cannot be read. */
export function stampFile(path: string): FileStamp | undefined {
  try {
    return { path, sha256: sha256Of(readFileSync(path)) };
  } catch {
    return undefined;
  }
}

/** Stamps the run's data files as they are now, with the prompt file's stamp taken when it was read. */
export function stampRun(config: RunConfig, promptFile: PromptFileStamp | undefined): RunStamp {
  return {
    version: 1,
    ...(promptFile === undefined ? {} : { promptFile }),
    data: stampFile(config.dataFile),
    testData: config.testDataFile === undefined ? undefined : stampFile(config.testDataFile),
  };
}

export function writeRunStamp(runDir: string, stamp: RunStamp): void {
  writeJsonAtomic(join(runDir, RUN_STAMP_FILE), stamp);
}

/** The stamp of `runDir`, or undefined for a run recorded before stamps existed. */
export function readRunStamp(runDir: string): RunStamp | undefined {
  const text = readTextIfExists(join(runDir, RUN_STAMP_FILE));
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<RunStamp>;
    return v.version === 1 ? { version: 1, ...(isStamp(v.promptFile) ? { promptFile: v.promptFile } : {}), data: isStamp(v.data) ? v.data : undefined, testData: isStamp(v.testData) ? v.testData : undefined } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the file still holds exactly the bytes stamped. */
export function unchangedSince(stamp: FileStamp): boolean {
  return stampFile(stamp.path)?.sha256 === stamp.sha256;
}

/**
 * Refuses to resume `runDir` when its prompt file or data changed since the run started,
 * or when `endpoint` (the one the caller would use) is not the recorded one.
 * @throws RunDirectoryError naming every difference.
 */
export function checkResumeInputs(runDir: string, config: RunConfig, endpoint: EndpointChoice | undefined): void {
  const stamp = readRunStamp(runDir);
  const problems: string[] = [];
  const files: [string, FileStamp | undefined][] = [['prompt file', stamp?.promptFile], ['data file', stamp?.data], ['test data file', stamp?.testData]];
  for (const [what, file] of files) {
    if (file !== undefined && !unchangedSince(file)) problems.push(`the ${what} ${file.path} ${stampFile(file.path) === undefined ? 'is gone' : 'has changed'} since the run started`);
  }
  problems.push(...endpointProblems(config, endpoint));
  if (problems.length === 0) return;
  throw new RunDirectoryError(`cannot resume run ${basename(runDir)}: ${problems.join('; ')}. Start a new run instead`);
}

function isStamp(v: unknown): v is FileStamp {
  return typeof v === 'object' && v !== null && typeof (v as FileStamp).path === 'string' && typeof (v as FileStamp).sha256 === 'string';
}
