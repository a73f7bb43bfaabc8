/**
 * Batch mode of one run: the collector behind the run's LLM client, its ledger in the run
 * directory, its waits as `waiting` events (reason `batch`, with n of m lines done), and the
 * budget check that keeps a batch from being created when it could take the run past
 * --max-calls, --max-tokens or --max-cost (prompt tokens counted, every answer assumed to
 * use its whole max_tokens).
 */
import type { BudgetLimits } from '../cost/budget';
import { priceTokens, type PriceTable } from '../cost/priceTable';
import { countChatTokens } from '../cost/tokenCount';
import { endpointLabel } from '../llm/failureBreaker';
import type { ChatMessage } from '../llm/llmTypes';
import { LLM_DEFAULTS } from '../llm/llmDefaults';
import type { BatchSettings, RunConfig } from '../pipeline/runConfig';
import { RunInputError } from '../pipeline/runErrors';
import type { RunOptions } from '../pipeline/runTypes';
import type { RunEvent, UsageSnapshot } from '../pipeline/runEvents';
import { BatchApi } from './batchApi';
import { BatchCollector } from './batchCollector';
import { BatchLedger } from './batchLedger';
import type { BatchLine } from './batchTypes';

/** Completion tokens assumed for a line without max_tokens. */
const ASSUMED_MAX_TOKENS = 1024;

/** What batch mode is built from. */
export interface RunBatchesOptions {
  readonly settings: BatchSettings;
  readonly apiKey: string;
  readonly baseUrl: string | undefined;
  readonly runDir: string;
  readonly timeoutMs: number;
  readonly emit: (event: RunEvent) => void;
  /** For tests: the first wait before a batch is checked. */
  readonly firstPollMs?: number;
}

/** The collector of a run, emitting its waits; see the module comment. */
export function createRunBatches(options: RunBatchesOptions): BatchCollector {
  const maxPollMs = Math.max(1, Math.round(options.settings.maxPollSeconds * 1000));
  const collector = new BatchCollector({
    api: new BatchApi({ apiKey: options.apiKey, baseUrl: options.baseUrl, endpoint: endpointLabel(options.baseUrl), timeoutMs: options.timeoutMs }),
    ledger: BatchLedger.inRunDir(options.runDir),
    firstPollMs: Math.min(options.firstPollMs ?? 2000, maxPollMs),
    maxPollMs,
    onProgress: (p) => options.emit({
      type: 'waiting', reason: 'batch', seconds: p.nextCheckMs / 1000, message: p.message,
      batch: { id: p.batchId, status: p.status, done: p.done, failed: p.failed, total: p.total },
    }),
    onRetryWait: (message, delayMs) => options.emit({ type: 'waiting', reason: 'retry', seconds: delayMs / 1000, message }),
  });
  const adopted = collector.adoptedBatches;
  if (adopted > 0) options.emit({ type: 'warning', message: `resuming: ${adopted} batch${adopted === 1 ? ' is' : 'es are'} still in flight; their lines are not submitted again` });
  return collector;
}

/** Upper bounds of what a batch of `lines` can use. */
export function batchUpperBound(lines: readonly BatchLine[], prices: PriceTable): { calls: number; tokens: number; costUsd: number | undefined } {
  let tokens = 0;
  let costUsd: number | undefined = 0;
  for (const line of lines) {
    const messages = Array.isArray(line.body.messages) ? (line.body.messages as ChatMessage[]) : [];
    const prompt = countChatTokens(messages);
    const choices = typeof line.body.n === 'number' ? line.body.n : 1;
    const completion = (typeof line.body.max_tokens === 'number' ? line.body.max_tokens : ASSUMED_MAX_TOKENS) * choices;
    tokens += prompt + completion;
    const cost = priceTokens(prices, typeof line.body.model === 'string' ? line.body.model : '', prompt, completion);
    costUsd = cost === undefined || costUsd === undefined ? undefined : costUsd + cost;
  }
  return { calls: lines.length, tokens, costUsd };
}

/**
 * A guard for the collector: the reason a batch must not be created, or undefined. `usage`
 * is the run's usage so far; `prices` the batch prices (all zero for the simulated model).
 */
export function batchBudgetGuard(usage: () => UsageSnapshot, limits: BudgetLimits, prices: PriceTable): (lines: readonly BatchLine[]) => string | undefined {
  return (lines) => {
    const { maxCalls, maxTokens, maxUsd } = limits;
    if (maxCalls === undefined && maxTokens === undefined && maxUsd === undefined) return undefined;
    const u = usage();
    const bound = batchUpperBound(lines, prices);
    const what = `a batch of ${lines.length} requests`;
    if (maxCalls !== undefined && u.requests + bound.calls > maxCalls) return `${what} could exceed the limit of ${maxCalls} LLM calls (${u.requests} made); it was not created`;
    if (maxTokens !== undefined && u.promptTokens + u.completionTokens + bound.tokens > maxTokens) return `${what} could exceed the limit of ${maxTokens} tokens (up to ${bound.tokens} more); it was not created`;
    if (maxUsd !== undefined && u.costUsd !== undefined && bound.costUsd !== undefined && u.costUsd + bound.costUsd > maxUsd) {
      return `${what} could exceed the money limit of $${maxUsd} (up to $${bound.costUsd.toFixed(4)} more at batch prices); it was not created`;
    }
    return undefined;
  };
}

/** Refuses batch mode where it cannot work, before anything is written or paid. */
export function checkBatchMode(config: RunConfig, options: Pick<RunOptions, 'llm'>): void {
  if (config.batch === undefined) return;
  if (options.llm !== undefined) throw new RunInputError('batch mode needs an endpoint with the Batch API (/v1/files, /v1/batches); this run was given a ready-made client, which has none');
  const { roundSize, maxPollSeconds } = config.batch;
  if (!Number.isInteger(roundSize) || roundSize < 1) throw new RunInputError(`the batch round size must be a positive integer, got ${roundSize}`);
  if (!(maxPollSeconds > 0)) throw new RunInputError(`the batch poll interval must be a positive number of seconds, got ${maxPollSeconds}`);
}

/** The run's collector in batch mode (undefined otherwise), for the client the orchestrator builds. */
export function startBatchMode(config: RunConfig, options: Pick<RunOptions, 'apiKey' | 'clientOptions'>, baseUrl: string, runDir: string, emit: (event: RunEvent) => void): BatchCollector | undefined {
  if (config.batch === undefined) return undefined;
  return createRunBatches({
    settings: config.batch,
    apiKey: options.apiKey !== undefined && options.apiKey !== '' ? options.apiKey : 'no-key',
    baseUrl: baseUrl === '' ? undefined : baseUrl,
    runDir,
    timeoutMs: options.clientOptions?.timeoutMs ?? LLM_DEFAULTS.timeoutMs,
    emit,
  });
}
