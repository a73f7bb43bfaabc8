/**
 * usage.jsonl: what every session of a run has spent, written as it is spent. The client's
 * counters change the moment a request is counted, which is before it is sent, and each
 * change appends one line (the session's running totals) with a single write(), so a
 * kill -9 loses nothing the endpoint saw: a resume adds up the last line of every session
 * and its limits start from what was really paid. run.json's usage, rewritten at most
 * once a second, is only a summary.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { UsageCounters } from '../llm/llmTypes';
import { readJsonLines } from './atomicFiles';

/** The journal's name in a run directory. */
export const USAGE_JOURNAL_FILE = 'usage.jsonl';

/** The counted part of usage (money is priced from the tokens). */
export interface UsageTotals {
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly failures: number;
  readonly cacheHits: number;
}

const FIELDS = ['requests', 'promptTokens', 'completionTokens', 'failures', 'cacheHits'] as const;

/** One session's appender; see the module comment. */
export class UsageJournal {
  private fd: number | undefined;
  private last = '';
  private readonly session = randomBytes(6).toString('hex');

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** Appends the session's totals when they changed since the last line. */
  record(counters: Readonly<UsageTotals> | Readonly<UsageCounters>): void {
    if (this.fd === undefined) return;
    const line: Record<string, number | string> = { session: this.session };
    for (const field of FIELDS) line[field] = counters[field];
    const text = JSON.stringify(line);
    if (text === this.last) return;
    this.last = text;
    writeSync(this.fd, text + '\n');
  }

  /** Records earlier sessions' usage known only as one sum (a run started before the journal existed). */
  carry(totals: UsageTotals): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify({ session: 'carried', ...pick(totals) }) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * The sum over sessions of each session's last totals, or undefined when there is no
 * journal. A torn last line (a crash mid-write) is skipped: it is at most one change old.
 */
export function readUsageJournal(file: string): UsageTotals | undefined {
  const lines = readJsonLines(file);
  if (lines.length === 0) return undefined;
  const sessions = new Map<string, UsageTotals>();
  for (const value of lines) {
    if (typeof value !== 'object' || value === null) continue;
    const line = value as Record<string, unknown>;
    if (typeof line.session !== 'string') continue;
    const seen = sessions.get(line.session);
    const next: Record<string, number> = {};
    // Per field the maximum: a session's counters only grow.
    for (const field of FIELDS) next[field] = Math.max(seen?.[field] ?? 0, typeof line[field] === 'number' ? line[field] : 0);
    sessions.set(line.session, next as unknown as UsageTotals);
  }
  const sum: Record<string, number> = {};
  for (const field of FIELDS) sum[field] = [...sessions.values()].reduce((total, s) => total + s[field], 0);
  return sum as unknown as UsageTotals;
}

function pick(totals: UsageTotals): UsageTotals {
  const out: Record<string, number> = {};
  for (const field of FIELDS) out[field] = totals[field];
  return out as unknown as UsageTotals;
}
