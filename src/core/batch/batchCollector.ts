/**
 * The batch engine behind LlmClient.chat in batch mode. A chat request is queued instead of
 * sent; the queue is flushed once the current macrotask is over (an optimizer round, a
 * generation round or the test split enqueues all its requests in one tick), so each round
 * becomes one batch: a JSONL input file uploaded, a batch created and recorded in the
 * run's ledger, then polled with a growing, bounded interval (each wait announced through
 * `onProgress`), and its output and error files read back, each line matched by custom_id
 * (the request's cache key, so identical requests share one line).
 *
 * Lines a batch never ran (it expired, was cancelled or failed) are submitted again, on
 * their own, up to `maxSubmissions` times; failed lines come back as failures, for the
 * client's breaker and failure counts. On resume, requests whose lines are in a batch of
 * the ledger still in flight wait for that batch instead of being submitted again. Before a
 * batch is created, `guard` may refuse it (a budget it could exceed): its requests are then
 * cancelled and `onRefused` says why.
 */
import { setMaxListeners } from 'node:events';
import type { AttemptFailure } from '../llm/failureBreaker';
import { BatchApiError, type BatchApi } from './batchApi';
import type { BatchLedger } from './batchLedger';
import { readOutcomes, type LineOutcome } from './batchOutput';
import { UPLOADED, waitForBatch, withApiRetries } from './batchPoller';
import type { BatchChannel, BatchLine, BatchLineResult, BatchProgress, BatchStatus } from './batchTypes';

/** Options of {@link BatchCollector}. */
export interface BatchCollectorOptions {
  readonly api: BatchApi;
  readonly ledger: BatchLedger;
  /** First wait before a batch is checked; doubles (x1.5) up to `maxPollMs`. Default 2 s. */
  readonly firstPollMs?: number;
  /** Longest wait between two checks. Default 60 s. */
  readonly maxPollMs?: number;
  /** Longest wait for one batch before its lines fail (the 24 h window and an hour). */
  readonly maxWaitMs?: number;
  /** Lines per batch file. Default 50 000 (OpenAI's limit). */
  readonly maxLines?: number;
  /** Batches one line may be submitted in (it expired or was not run). Default 3. */
  readonly maxSubmissions?: number;
  /** Attempts of one Batch API call on retryable errors. Default 5. */
  readonly apiAttempts?: number;
  readonly onProgress?: (progress: BatchProgress) => void;
  /** A Batch API call failed and is tried again after `delayMs` (every wait is announced). */
  readonly onRetryWait?: (message: string, delayMs: number) => void;
  /** A reason not to create a batch of these lines, or undefined. */
  readonly guard?: (lines: readonly BatchLine[]) => string | undefined;
  readonly onRefused?: (message: string) => void;
}

interface Listener {
  readonly resolve: (result: BatchLineResult) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Pending {
  readonly line: BatchLine;
  submissions: number;
  readonly listeners: Set<Listener>;
  readonly onSent: () => void;
}

/** See the module comment. */
export class BatchCollector implements BatchChannel {
  private readonly queue = new Map<string, Pending>();
  private readonly waiting = new Map<string, Pending>();
  /** custom_id -> a ledger batch of an earlier session, still in flight. */
  private readonly adopted = new Map<string, string>();
  /** Answers of adopted batches that nobody had asked for yet. */
  private readonly leftovers = new Map<string, LineOutcome>();
  private readonly polling = new Set<string>();
  private readonly closing = new AbortController();
  private flushScheduled = false;
  private fileCounter = 0;
  private guard: BatchCollectorOptions['guard'];
  private onRefused: BatchCollectorOptions['onRefused'];

  constructor(private readonly options: BatchCollectorOptions) {
    this.guard = options.guard;
    this.onRefused = options.onRefused;
    // Every Batch API call and wait listens to it: many batches at once are normal.
    setMaxListeners(0, this.closing.signal);
    for (const batch of options.ledger.inFlight()) for (const id of batch.customIds) this.adopted.set(id, batch.id);
  }

  /** Sets the budget check late (the run's usage tracker exists after the client). */
  setGuard(guard: (lines: readonly BatchLine[]) => string | undefined, onRefused: (message: string) => void): void {
    this.guard = guard;
    this.onRefused = onRefused;
  }

  /** Batches of earlier sessions this one waits for. */
  get adoptedBatches(): number {
    return new Set(this.adopted.values()).size;
  }

  submit(line: BatchLine, signal: AbortSignal | undefined, onSent: () => void): Promise<BatchLineResult> {
    if (signal?.aborted === true || this.closing.signal.aborted) return Promise.resolve({ status: 'cancelled' });
    const leftover = this.leftovers.get(line.customId);
    if (leftover?.kind === 'answered') return Promise.resolve({ status: 'ok', body: leftover.body });
    return new Promise((resolve) => {
      const known = this.queue.get(line.customId) ?? this.waiting.get(line.customId);
      const pending = known ?? { line, submissions: 0, listeners: new Set<Listener>(), onSent };
      const listener: Listener = {
        resolve,
        signal,
        onAbort: () => {
          pending.listeners.delete(listener);
          if (pending.listeners.size === 0) this.queue.delete(line.customId);
          resolve({ status: 'cancelled' });
        },
      };
      signal?.addEventListener('abort', listener.onAbort, { once: true });
      pending.listeners.add(listener);
      if (known !== undefined) return;
      const adoptedBatch = this.adopted.get(line.customId);
      if (adoptedBatch !== undefined) {
        // Submitted by an earlier session: counted then, so not again.
        pending.submissions = 1;
        this.waiting.set(line.customId, pending);
        this.startPolling(adoptedBatch, this.options.ledger.inFlight().find((b) => b.id === adoptedBatch)?.customIds ?? [line.customId]);
        return;
      }
      this.enqueue(pending);
    });
  }

  /** Stops polling and cancels every request still waiting (the batches stay in the ledger). */
  close(): void {
    this.closing.abort();
    for (const pending of [...this.queue.values(), ...this.waiting.values()]) this.settle(pending, { status: 'cancelled' });
    this.queue.clear();
    this.waiting.clear();
  }

  private enqueue(pending: Pending): void {
    this.queue.set(pending.line.customId, pending);
    if (this.queue.size >= (this.options.maxLines ?? 50_000)) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = [...this.queue.values()].filter((p) => p.listeners.size > 0);
    this.queue.clear();
    if (pending.length === 0 || this.closing.signal.aborted) return;
    void this.launch(pending);
  }

  /** One batch: guard, upload, create, record, poll, read back. */
  private async launch(pending: readonly Pending[]): Promise<void> {
    const lines = pending.map((p) => p.line);
    const refusal = this.guard?.(lines);
    if (refusal !== undefined) {
      for (const p of pending) this.settle(p, { status: 'cancelled' });
      this.onRefused?.(refusal);
      return;
    }
    for (const p of pending) {
      this.waiting.set(p.line.customId, p);
      p.submissions++;
      p.onSent();
    }
    const jsonl = lines.map((l) => JSON.stringify({ custom_id: l.customId, method: 'POST', url: '/v1/chat/completions', body: l.body })).join('\n') + '\n';
    let batch: BatchStatus;
    let uploaded: string | undefined;
    try {
      const fileId = await this.withRetries(() => this.options.api.upload(jsonl, `zopo-${process.pid}-${Date.now()}-${this.fileCounter++}.jsonl`, this.closing.signal));
      // Recorded before the batch exists: a crash after the create is found again by its input file.
      uploaded = `${UPLOADED}${fileId}`;
      this.options.ledger.add({ id: uploaded, inputFileId: fileId, customIds: lines.map((l) => l.customId), createdAt: new Date().toISOString() });
      batch = await this.withRetries(() => this.options.api.create(fileId, this.closing.signal));
      this.options.ledger.rename(`${UPLOADED}${fileId}`, batch.id);
    } catch (error) {
      if (uploaded !== undefined) this.options.ledger.end(uploaded, 'not created');
      this.failAll(pending.map((p) => p.line.customId), error);
      return;
    }
    await this.poll(batch.id, lines.map((l) => l.customId));
  }

  private startPolling(batchId: string, customIds: readonly string[]): void {
    if (this.polling.has(batchId)) return;
    void this.poll(batchId, customIds);
  }

  /** Waits for a batch (batchPoller.ts), then reads it back. */
  private async poll(entryId: string, customIds: readonly string[]): Promise<void> {
    this.polling.add(entryId);
    try {
      const o = this.options;
      const outcome = await waitForBatch(entryId, customIds.length, {
        api: o.api, ledger: o.ledger, signal: this.closing.signal, firstPollMs: o.firstPollMs, maxPollMs: o.maxPollMs, maxWaitMs: o.maxWaitMs, apiAttempts: o.apiAttempts, onProgress: o.onProgress, onRetryWait: o.onRetryWait,
      });
      if ('timedOut' in outcome) {
        for (const id of customIds) this.settleId(id, { status: 'failed', failure: outcome.timedOut });
        return;
      }
      await this.readBack(outcome.ended, customIds);
    } catch (error) {
      if (this.closing.signal.aborted) return;
      this.failAll(customIds, error);
    } finally {
      this.polling.delete(entryId);
    }
  }

  /** Reads the output and error files and settles (or re-queues) every line of the batch. */
  private async readBack(batch: BatchStatus, customIds: readonly string[]): Promise<void> {
    const files = [batch.outputFileId, batch.errorFileId].filter((f): f is string => f !== undefined);
    const texts = await Promise.all(files.map((f) => this.withRetries(() => this.options.api.content(f, this.closing.signal))));
    const outcomes = readOutcomes(texts, batch.id);
    const why = batch.errors.length > 0 ? `: ${batch.errors.join('; ')}` : '';
    for (const id of customIds) {
      const outcome = outcomes.get(id) ?? { kind: 'missing', reason: `batch ${batch.id} ended ${batch.status}${why} without running it` };
      const pending = this.waiting.get(id);
      if (this.adopted.delete(id) && pending === undefined) {
        this.leftovers.set(id, outcome);
        continue;
      }
      if (pending === undefined) continue;
      if (outcome.kind === 'answered') this.settle(pending, { status: 'ok', body: outcome.body });
      else if (outcome.kind === 'failed') this.settle(pending, { status: 'failed', failure: outcome.failure });
      else this.retry(pending, outcome.reason);
    }
    this.options.ledger.end(batch.id, batch.status);
  }

  /** A line that was not run goes into the next batch, unless it has had its chances. */
  private retry(pending: Pending, reason: string): void {
    this.waiting.delete(pending.line.customId);
    const max = this.options.maxSubmissions ?? 3;
    if (pending.submissions >= max) {
      this.settle(pending, { status: 'failed', failure: { kind: 'server', fatal: false, message: `${reason}; not run in ${pending.submissions} batches` } });
      return;
    }
    if (pending.listeners.size > 0) this.enqueue(pending);
  }

  private failAll(customIds: readonly string[], error: unknown): void {
    const failure: AttemptFailure = error instanceof BatchApiError
      ? { kind: error.classified.kind, fatal: error.classified.fatal, message: error.classified.message, ...(error.classified.status === undefined ? {} : { status: error.classified.status }) }
      : { kind: 'unknown', fatal: false, message: error instanceof Error ? error.message : String(error) };
    for (const id of customIds) this.settleId(id, { status: 'failed', failure });
  }

  private settleId(customId: string, result: BatchLineResult): void {
    const pending = this.waiting.get(customId) ?? this.queue.get(customId);
    if (pending !== undefined) this.settle(pending, result);
  }

  private settle(pending: Pending, result: BatchLineResult): void {
    this.waiting.delete(pending.line.customId);
    this.queue.delete(pending.line.customId);
    let first = true;
    for (const listener of pending.listeners) {
      listener.signal?.removeEventListener('abort', listener.onAbort);
      // One caller's answer pays for the line; the others share it.
      listener.resolve(result.status === 'ok' && !first ? { ...result, shared: true } : result);
      first = false;
    }
    pending.listeners.clear();
  }

  private withRetries<T>(call: () => Promise<T>): Promise<T> {
    return withApiRetries(call, this.options.apiAttempts ?? 5, this.closing.signal, this.options.onRetryWait);
  }
}
