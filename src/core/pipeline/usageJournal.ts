/**
 * usage.jsonl: what every session of a run has spent, written as it is spent. The client's
 * counters change the moment a request is counted, which is before it is sent, and each
 * change appends one line (the session's running totals) with a single write(), so a
 * kill -9 loses nothing the endpoint saw: a resume adds up the last line of every session
 * and its limits start from what was really paid. Each line also holds every chat model's
 * part (the chat, writer and judge models), so a resume prices each at its own price.
 * run.json's usage, rewritten at most once a second, is only a summary.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { UsageCounters } from '../llm/llmTypes';
import type { ModelUsage } from '../llm/usageMeter';
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
  /** Each chat model's part; absent in journals written before models were journaled. */
  readonly models?: readonly ModelUsage[];
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

  /** Appends the session's totals (and each model's part) when they changed since the last line. */
  record(counters: Readonly<UsageTotals> | Readonly<UsageCounters>, models: readonly ModelUsage[] = []): void {
    if (this.fd === undefined) return;
    const line: Record<string, unknown> = { session: this.session };
    for (const field of FIELDS) line[field] = counters[field];
    if (models.length > 0) line.models = models.map(pickModel);
    const text = JSON.stringify(line);
    if (text === this.last) return;
    this.last = text;
    writeSync(this.fd, text + '\n');
  }

  /** Records earlier sessions' usage known only as one sum (a run started before the journal existed). */
  carry(totals: UsageTotals): void {
    if (this.fd === undefined) return;
    const models = totals.models === undefined || totals.models.length === 0 ? {} : { models: totals.models.map(pickModel) };
    writeSync(this.fd, JSON.stringify({ session: 'carried', ...pick(totals), ...models }) + '\n');
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
  const models = new Map<string, Map<string, ModelUsage>>();
  for (const value of lines) {
    if (typeof value !== 'object' || value === null) continue;
    const line = value as Record<string, unknown>;
    if (typeof line.session !== 'string') continue;
    const seen = sessions.get(line.session);
    const next: Record<string, number> = {};
    // Per field the maximum: a session's counters only grow.
    for (const field of FIELDS) next[field] = Math.max(seen?.[field] ?? 0, typeof line[field] === 'number' ? line[field] : 0);
    sessions.set(line.session, next as unknown as UsageTotals);
    const own = models.get(line.session) ?? new Map<string, ModelUsage>();
    models.set(line.session, own);
    for (const m of modelsOf(line.models)) own.set(m.model, maxModel(own.get(m.model), m));
  }
  const sum: Record<string, number> = {};
  for (const field of FIELDS) sum[field] = [...sessions.values()].reduce((total, s) => total + s[field], 0);
  const perModel = new Map<string, ModelUsage>();
  for (const own of models.values()) for (const m of own.values()) perModel.set(m.model, addModel(perModel.get(m.model), m));
  return { ...(sum as unknown as UsageTotals), ...(perModel.size === 0 ? {} : { models: [...perModel.values()] }) };
}

const MODEL_FIELDS = ['requests', 'promptTokens', 'completionTokens'] as const;

function modelsOf(value: unknown): ModelUsage[] {
  if (!Array.isArray(value)) return [];
  return value.filter((m): m is ModelUsage => typeof m === 'object' && m !== null && typeof (m as ModelUsage).model === 'string' && MODEL_FIELDS.every((f) => typeof (m as ModelUsage)[f] === 'number'));
}

function maxModel(seen: ModelUsage | undefined, m: ModelUsage): ModelUsage {
  return { model: m.model, requests: Math.max(seen?.requests ?? 0, m.requests), promptTokens: Math.max(seen?.promptTokens ?? 0, m.promptTokens), completionTokens: Math.max(seen?.completionTokens ?? 0, m.completionTokens) };
}

function addModel(seen: ModelUsage | undefined, m: ModelUsage): ModelUsage {
  return { model: m.model, requests: (seen?.requests ?? 0) + m.requests, promptTokens: (seen?.promptTokens ?? 0) + m.promptTokens, completionTokens: (seen?.completionTokens ?? 0) + m.completionTokens };
}

function pickModel(m: ModelUsage): ModelUsage {
  return { model: m.model, requests: m.requests, promptTokens: m.promptTokens, completionTokens: m.completionTokens };
}

function pick(totals: UsageTotals): UsageTotals {
  const out: Record<string, number> = {};
  for (const field of FIELDS) out[field] = totals[field];
  return out as unknown as UsageTotals;
}
