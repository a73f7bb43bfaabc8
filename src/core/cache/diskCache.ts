/**
 * The on-disk cache of LLM calls: an append-only JSONL log (see cacheLine.ts) with an
 * in-memory index, so a rerun or a resumed run never pays twice for the same call.
 *
 * - Corrupt or truncated lines are skipped and counted as warnings, never fatal.
 * - Appends are single write() calls on an O_APPEND descriptor, so two processes sharing
 *   the file interleave whole lines. Entries another process appends later are not seen
 *   until the file is opened again.
 * - Over `maxBytes` the log is compacted: the newest entries that fit in `compactToBytes`
 *   are written to a temporary file that atomically replaces the log. A process that
 *   still holds the old file notices the new inode on its next append and reopens.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LlmCacheStore } from '../llm/llmTypes';
import { decodeLine, encodeJsonLine } from './cacheLine';

/** Options of `DiskCache.open`. */
export interface DiskCacheOptions {
  /** Log size that triggers compaction. Default 64 MiB. */
  readonly maxBytes?: number;
  /** Size to compact down to. Default half of maxBytes. */
  readonly compactToBytes?: number;
  /** Called once per skipped line, and on write problems. */
  readonly onWarning?: (message: string) => void;
}

/** Counters of one open cache. */
export interface DiskCacheStats {
  entries: number;
  hits: number;
  misses: number;
  writes: number;
  /** Lines skipped as corrupt or truncated, and failed writes. */
  warnings: number;
  compactions: number;
}

interface Entry {
  readonly value: unknown;
  readonly line: string;
  readonly bytes: number;
}

/** An append-only log cache; see the module comment. */
export class DiskCache implements LlmCacheStore {
  readonly path: string;
  readonly stats: DiskCacheStats = { entries: 0, hits: 0, misses: 0, writes: 0, warnings: 0, compactions: 0 };
  private readonly index = new Map<string, Entry>();
  private readonly maxBytes: number;
  private readonly compactToBytes: number;
  private readonly onWarning: ((message: string) => void) | undefined;
  private fd: number | undefined;
  /** Inode of the file `fd` was opened on, to see a replaced log without an fstat per append. */
  private fdIno = 0;

  private constructor(path: string, options: DiskCacheOptions) {
    this.path = path;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.compactToBytes = options.compactToBytes ?? Math.floor(this.maxBytes / 2);
    this.onWarning = options.onWarning;
  }

  /** Opens (creating if needed) the log at `path` and loads its valid entries. */
  static open(path: string, options: DiskCacheOptions = {}): DiskCache {
    const cache = new DiskCache(path, options);
    mkdirSync(dirname(path), { recursive: true });
    cache.load();
    return cache;
  }

  /** The cached value for `key`, or `undefined`. */
  get(key: string): unknown {
    const entry = this.index.get(key);
    if (entry === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return entry.value;
  }

  /** Stores a JSON-serialisable value and appends it to the log. */
  set(key: string, value: unknown): void {
    // Serialised once: the same text is the log line's value and, parsed, the stored copy.
    const json = JSON.stringify(value) as string | undefined;
    const stored = JSON.parse(json as string) as unknown;
    const line = encodeJsonLine(key, Date.now(), json as string);
    const entry: Entry = { value: stored, line, bytes: Buffer.byteLength(line) };
    this.index.delete(key);
    this.index.set(key, entry);
    this.stats.entries = this.index.size;
    let size: number;
    try {
      size = this.append(line, entry.bytes);
      this.stats.writes++;
    } catch (error) {
      this.warn(`could not append to ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (size > this.maxBytes) this.compact();
  }

  /** Rewrites the log with the newest entries that fit in `compactToBytes`. */
  compact(): void {
    const kept: [string, Entry][] = [];
    let bytes = 0;
    for (const item of [...this.index].reverse()) {
      if (bytes + item[1].bytes > this.compactToBytes) break;
      bytes += item[1].bytes;
      kept.push(item);
    }
    kept.reverse();
    const temp = `${this.path}.${process.pid}.compact`;
    writeFileSync(temp, kept.map(([, e]) => e.line).join(''));
    renameSync(temp, this.path);
    this.closeFd();
    this.index.clear();
    for (const [key, entry] of kept) this.index.set(key, entry);
    this.stats.entries = this.index.size;
    this.stats.compactions++;
  }

  /** Closes the file descriptor; a later `set` reopens it. */
  close(): void {
    this.closeFd();
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    lines.forEach((line, i) => this.loadLine(line, i + 1));
    if (tail.trim() !== '') this.warn(`${this.path}:${lines.length + 1}: skipped a truncated last line`);
    this.stats.entries = this.index.size;
  }

  private loadLine(line: string, lineNumber: number): void {
    if (line.trim() === '') return;
    const record = decodeLine(line);
    if ('error' in record) {
      this.warn(`${this.path}:${lineNumber}: skipped a line: ${record.error}`);
      return;
    }
    const stored = `${line}\n`;
    this.index.delete(record.key);
    this.index.set(record.key, { value: record.value, line: stored, bytes: Buffer.byteLength(stored) });
  }

  private warn(message: string): void {
    this.stats.warnings++;
    this.onWarning?.(message);
  }

  /**
   * Appends `line` (one write) and returns the log's size after it. One stat of the path per
   * append tells both whether the log was replaced (compacted by anyone: reopen) and its size;
   * the descriptor's own inode is read once, when it is opened.
   */
  private append(line: string, bytes: number): number {
    let onDisk = statIfExists(this.path);
    if (this.fd === undefined || onDisk === undefined || onDisk.ino !== this.fdIno) {
      this.closeFd();
      this.fd = openSync(this.path, 'a');
      onDisk = fstatSync(this.fd);
      this.fdIno = onDisk.ino;
    }
    writeSync(this.fd, line);
    return onDisk.size + bytes;
  }

  private closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function statIfExists(path: string): { readonly ino: number; readonly size: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
