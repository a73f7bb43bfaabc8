/**
 * Waiting for one batch: checks with a growing wait (first `firstPollMs`, then x1.5 up to
 * `maxPollMs`), each wait announced, until the batch ends or `maxWaitMs` is over (then it is
 * cancelled). A ledger entry recorded before its batch was created (`uploaded:<file id>`: the
 * process died during the create) is looked up by its input file first; a batch the endpoint
 * does not know reads as ended with none of its lines run. Batch API calls are retried on
 * retryable errors.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { formatSeconds } from '../llm/durationText';
import type { AttemptFailure } from '../llm/failureBreaker';
import { BatchApiError, type BatchApi } from './batchApi';
import type { BatchLedger } from './batchLedger';
import { TERMINAL_STATUSES, type BatchProgress, type BatchStatus } from './batchTypes';

/** The status of a batch the endpoint does not know. */
export const FORGOTTEN = 'unknown to the endpoint';
/** Ledger ids of uploads whose batch was being created. */
export const UPLOADED = 'uploaded:';
const DAY_MS = 24 * 3600 * 1000;

/** A batch that, as far as the endpoint knows, does not exist: none of its lines ran. */
export function forgotten(id: string, total: number): BatchStatus {
  return { id, status: FORGOTTEN, outputFileId: undefined, errorFileId: undefined, total, completed: 0, failed: 0, errors: [] };
}

/** How to wait. */
export interface PollSettings {
  readonly api: BatchApi;
  readonly ledger: BatchLedger;
  readonly signal: AbortSignal;
  readonly firstPollMs?: number | undefined;
  readonly maxPollMs?: number | undefined;
  readonly maxWaitMs?: number | undefined;
  readonly apiAttempts?: number | undefined;
  readonly onProgress?: ((progress: BatchProgress) => void) | undefined;
  /** A Batch API call failed and is tried again after `delayMs`. */
  readonly onRetryWait?: ((message: string, delayMs: number) => void) | undefined;
}

/** A Batch API call with retries on retryable errors (growing waits, 1 s to 30 s, or the Retry-After). */
export async function withApiRetries<T>(call: () => Promise<T>, attempts: number, signal: AbortSignal, onRetryWait?: (message: string, delayMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof BatchApiError && error.classified.retryable;
      if (!retryable || attempt >= attempts || signal.aborted) throw error;
      const wait = error.classified.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (attempt - 1));
      onRetryWait?.(`${error.message}; trying again in ${formatSeconds(wait)} (attempt ${attempt + 1} of ${attempts})`, wait);
      await delay(wait, undefined, { signal });
    }
  }
}

/** Waits until the ledger entry's batch ends: its last status, or the failure of a batch that ran out of time. */
export async function waitForBatch(entryId: string, total: number, s: PollSettings): Promise<{ readonly ended: BatchStatus } | { readonly timedOut: AttemptFailure }> {
  const retrying = <T>(call: () => Promise<T>): Promise<T> => withApiRetries(call, s.apiAttempts ?? 5, s.signal, s.onRetryWait);
  let batchId = entryId;
  if (entryId.startsWith(UPLOADED)) {
    // An endpoint that cannot list its batches: the lines are submitted again (paid twice, but the run goes on).
    const found = await retrying(() => s.api.findByInputFile(entryId.slice(UPLOADED.length), 1000)).catch(() => undefined);
    if (found === undefined) return { ended: forgotten(entryId, total) };
    s.ledger.rename(entryId, found.id);
    batchId = found.id;
  }
  const started = Date.now();
  const maxWait = s.maxWaitMs ?? DAY_MS + 3600_000;
  let wait = s.firstPollMs ?? 2000;
  let last: BatchStatus | undefined;
  for (;;) {
    announce(batchId, last, total, wait, s.onProgress);
    await delay(wait, undefined, { signal: s.signal });
    last = await retrieveOrForget(batchId, total, retrying, s.api, s.signal);
    if (TERMINAL_STATUSES.has(last.status) || last.status === FORGOTTEN) return { ended: last };
    if (Date.now() - started > maxWait) {
      await s.api.cancel(batchId).catch(() => undefined);
      return { timedOut: { kind: 'timeout', fatal: false, message: `batch ${batchId} did not finish within ${formatSeconds(maxWait)} (status ${last.status})` } };
    }
    wait = Math.min(s.maxPollMs ?? 60_000, Math.round(wait * 1.5));
  }
}

/**
 * The batch's status. A batch the endpoint does not know (404: a ledger from another endpoint,
 * or the sandbox of an earlier process) reads as ended with none of its lines run, so they are
 * submitted again rather than failing the run.
 */
async function retrieveOrForget(batchId: string, total: number, retrying: <T>(call: () => Promise<T>) => Promise<T>, api: BatchApi, signal: AbortSignal): Promise<BatchStatus> {
  try {
    return await retrying(() => api.retrieve(batchId, signal));
  } catch (error) {
    if (!(error instanceof BatchApiError && error.classified.kind === 'notFound')) throw error;
    return forgotten(batchId, total);
  }
}

function announce(batchId: string, status: BatchStatus | undefined, total: number, nextMs: number, onProgress: PollSettings['onProgress']): void {
  const done = status?.completed ?? 0;
  const failed = status?.failed ?? 0;
  const state = status?.status ?? 'submitted';
  const failedText = failed > 0 ? `, ${failed} failed` : '';
  const message = `waiting for batch ${batchId} (${done} of ${status?.total ?? total} lines done${failedText}, ${state}); next check in ${formatSeconds(nextMs)}`;
  onProgress?.({ batchId, status: state, done, failed, total: status?.total ?? total, nextCheckMs: nextMs, message });
}
