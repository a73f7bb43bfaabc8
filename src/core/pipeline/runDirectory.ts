/**
 * One run's directory: config.json, inputs.json (runStamp.ts), candidates.json
 * (+ embeddings.f32), evaluations.jsonl, usage.jsonl (usageJournal.ts), run.json,
 * portfolio.json, the LLM cache and, while a process runs it, run.lock (runLock.ts). Whole files are replaced
 * atomically and logs are appended line by line (atomicFiles.ts), so whatever instant a
 * crash hits, the directory is readable and the run resumable.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { EmbeddingPool } from '../optimizer/types';
import { parseRunRecord, type RunRecord } from '../runs/runRecord';
import { appendJsonLine, readJsonLines, readTextIfExists, writeFileAtomic, writeJsonAtomic } from './atomicFiles';
import { parseRunConfig, type RunConfig } from './runConfig';
import { ResumeError } from './runErrors';
import type { UsageSnapshot } from './runEvents';
import type { CandidatesFile, EvaluationEntry, PortfolioFile } from './runFileTypes';

/** run.json: the Runs view's RunRecord plus live progress. */
export interface RunRecordFile extends RunRecord {
  readonly updatedAt: string;
  readonly queries: number;
  readonly budget: number;
  readonly usage: UsageSnapshot;
  /** Why the run failed or stopped early. */
  readonly message: string | undefined;
}

/** File access for one run directory. */
export class RunDirectory {
  constructor(readonly dir: string) {}

  /** The directory name, used as the run id. */
  get id(): string {
    return basename(this.dir);
  }

  /** Path of a file in the run directory. */
  path(name: string): string {
    return join(this.dir, name);
  }

  /** Creates the directory (and parents). */
  create(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  /** True when a run has been started here (its config.json exists). */
  holdsRun(): boolean {
    return existsSync(this.path('config.json'));
  }

  writeConfig(config: RunConfig): void {
    writeJsonAtomic(this.path('config.json'), config);
  }

  /** The stored config; a missing or foreign file is a {@link ResumeError}. */
  readConfig(): RunConfig {
    const text = readTextIfExists(this.path('config.json'));
    if (text === undefined) throw new ResumeError(`${this.dir} is not a run directory: config.json is missing`);
    const config = parseRunConfig(text);
    if (typeof config === 'string') throw new ResumeError(`${this.path('config.json')}: ${config}`);
    return config;
  }

  writeCandidates(file: CandidatesFile, pool: EmbeddingPool): void {
    const bytes = new Uint8Array(pool.data.buffer, pool.data.byteOffset, pool.data.byteLength);
    writeFileAtomic(this.path('embeddings.f32'), bytes);
    writeJsonAtomic(this.path('candidates.json'), file);
  }

  /** The stored pool, or undefined when generation had not finished. */
  readCandidates(): { file: CandidatesFile; pool: EmbeddingPool } | undefined {
    const text = readTextIfExists(this.path('candidates.json'));
    if (text === undefined) return undefined;
    const file = JSON.parse(text) as CandidatesFile;
    const raw = readFileBytes(this.path('embeddings.f32'));
    const n = file.candidates.length;
    if (raw === undefined || raw.byteLength !== n * file.dim * 4) return undefined;
    const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    return { file, pool: { n, dim: file.dim, data } };
  }

  appendEvaluation(entry: EvaluationEntry): void {
    appendJsonLine(this.path('evaluations.jsonl'), entry);
  }

  readEvaluations(): EvaluationEntry[] {
    return readJsonLines(this.path('evaluations.jsonl')) as EvaluationEntry[];
  }

  writeRecord(record: RunRecordFile): void {
    writeJsonAtomic(this.path('run.json'), record);
  }

  /** The stored record (with progress fields when present), or undefined. */
  readRecord(): Partial<RunRecordFile> & RunRecord | undefined {
    const text = readTextIfExists(this.path('run.json'));
    if (text === undefined) return undefined;
    const record = parseRunRecord(text);
    if (typeof record === 'string') return undefined;
    const extra = JSON.parse(text) as Partial<RunRecordFile>;
    return { ...extra, ...record };
  }

  writePortfolio(file: PortfolioFile): void {
    writeJsonAtomic(this.path('portfolio.json'), file);
  }

  readPortfolio(): PortfolioFile | undefined {
    const text = readTextIfExists(this.path('portfolio.json'));
    return text === undefined ? undefined : (JSON.parse(text) as PortfolioFile);
  }
}

/**
 * Creates a fresh directory named `base`, or `base-2`, `base-3`, ... when that is taken.
 * mkdir fails on an existing directory, so two runs started in the same second never share one.
 */
export function claimNewRunDir(base: string): string {
  mkdirSync(dirname(base), { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function readFileBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
