/**
 * Which LLM cache a run reads and writes. A new run uses the file its caller names (the CLI
 * and the editor name a shared `.zopo/cache/llm-cache.jsonl`, so a repeated run, and `zopo
 * eval` after it, pay for nothing twice) or, when none is named, its own
 * `<runDir>/llm-cache.jsonl`. The files are recorded in the run directory (cache.json), so
 * a resume finds its answers again without being told where they are; a run directory made
 * before cache.json existed has its cache inside, and that is read too. A cache the resume
 * no longer writes to is only read: its hits are copied into the one it writes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DiskCache } from '../cache/diskCache';
import type { LlmCacheStore } from '../llm/llmTypes';
import { readTextIfExists, writeJsonAtomic } from './atomicFiles';
import type { RunDirectory } from './runDirectory';

/** The record's name in a run directory. */
export const RUN_CACHE_RECORD = 'cache.json';
/** The run's own cache, the default (and where runs kept it before cache.json). */
export const RUN_CACHE_FILE = 'llm-cache.jsonl';

/** An open run cache; `close` closes every file. */
export interface RunCache extends LlmCacheStore {
  /** The file written to. */
  readonly file: string;
  close(): void;
}

/**
 * Opens the cache of the run in `dir`: `cacheFile` if given, else (on resume) the recorded
 * one, else the run's own; the others recorded or present are read as fallbacks.
 */
export function openRunCache(dir: RunDirectory, cacheFile: string | undefined, resuming: boolean): RunCache {
  const own = dir.path(RUN_CACHE_FILE);
  const recorded = resuming ? readRecordedFiles(dir) : [];
  const file = resolve(cacheFile ?? recorded[0] ?? own);
  const earlier = [...recorded, ...(resuming ? [own] : [])].map((f) => resolve(f)).filter((f, i, all) => f !== file && all.indexOf(f) === i && existsSync(f));
  writeJsonAtomic(dir.path(RUN_CACHE_RECORD), { version: 1, files: [file, ...earlier.filter((f) => f !== resolve(own))] });
  return new LayeredCache(file, DiskCache.open(file), earlier.map((f) => DiskCache.open(f)));
}

/** The cache files cache.json names, primary first; [] when there is none (an older run). */
function readRecordedFiles(dir: RunDirectory): string[] {
  const text = readTextIfExists(dir.path(RUN_CACHE_RECORD));
  if (text === undefined) return [];
  try {
    const value = JSON.parse(text) as { files?: unknown };
    return Array.isArray(value.files) ? value.files.filter((f): f is string => typeof f === 'string' && f !== '') : [];
  } catch {
    return [];
  }
}

class LayeredCache implements RunCache {
  constructor(
    readonly file: string,
    private readonly primary: DiskCache,
    private readonly fallbacks: readonly DiskCache[],
  ) {}

  get(key: string): unknown {
    const hit = this.primary.get(key);
    if (hit !== undefined) return hit;
    for (const fallback of this.fallbacks) {
      const value = fallback.get(key);
      if (value === undefined) continue;
      this.primary.set(key, value);
      return value;
    }
    return undefined;
  }

  set(key: string, value: unknown): void {
    this.primary.set(key, value);
  }

  close(): void {
    this.primary.close();
    for (const fallback of this.fallbacks) fallback.close();
  }
}
