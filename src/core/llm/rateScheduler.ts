/**
 * A small scheduler for LLM requests: at most `concurrency` tasks at once, and at most
 * `requestsPerMinute` starts and `tokensPerMinute` tokens in any sliding window. Queued
 * tasks start in FIFO order; an aborted signal removes a queued task (its promise rejects
 * with an AbortError) and is the task's own business once it runs. `pauseFor` holds every
 * start for a while: a server's Retry-After is about the endpoint, not one request.
 *
 * Written here rather than taken from a library because p-limit has no rate limits, and
 * the rate-limiting libraries (bottleneck, p-queue's interval cap) neither weigh tasks by
 * tokens nor drop aborted waiters.
 */

/** Limits of a scheduler. */
export interface SchedulerLimits {
  readonly concurrency: number;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** Length of the sliding window; 60 s unless a test shortens it. */
  readonly windowMs?: number;
}

interface Waiter {
  readonly tokens: number;
  readonly start: () => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Start {
  readonly at: number;
  readonly tokens: number;
}

/** Builds the error a cancelled queued task rejects with. */
export function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/** Runs async tasks under concurrency and per-window rate limits. */
export class RateScheduler {
  private readonly limits: Required<SchedulerLimits>;
  private readonly queue: Waiter[] = [];
  private readonly starts: Start[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;

  constructor(limits: SchedulerLimits) {
    this.limits = {
      concurrency: Math.max(1, Math.floor(limits.concurrency)),
      requestsPerMinute: limits.requestsPerMinute ?? Infinity,
      tokensPerMinute: limits.tokensPerMinute ?? Infinity,
      windowMs: limits.windowMs ?? 60_000,
    };
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Starts no task for `ms` (tasks running go on); true if that extends the current pause. */
  pauseFor(ms: number): boolean {
    const until = Date.now() + Math.max(0, ms);
    if (until <= this.pausedUntil) return false;
    this.pausedUntil = until;
    this.pump();
    return true;
  }

  /** Runs `task` when a slot and the rate limits allow; `tokens` is its estimated weight. */
  run<T>(task: () => Promise<T>, tokens: number, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        signal,
        reject,
        start: () => {
          signal?.removeEventListener('abort', waiter.onAbort);
          // A task that throws instead of rejecting must still free its slot.
          let running: Promise<T>;
          try {
            running = task();
          } catch (error) {
            running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
          running.then(resolve, reject).finally(() => this.finish());
        },
        onAbort: () => this.dropWaiter(waiter),
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private dropWaiter(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    waiter.reject(abortError());
    this.pump();
  }

  private finish(): void {
    this.running--;
    this.pump();
  }

  private pump(): void {
    while (this.running < this.limits.concurrency && this.queue.length > 0) {
      const head = this.queue[0];
      if (head === undefined) return;
      const wait = Math.max(this.pausedUntil - Date.now(), this.rateWait(head.tokens, Date.now()));
      if (wait > 0) {
        this.armTimer(wait);
        return;
      }
      this.queue.shift();
      this.running++;
      this.starts.push({ at: Date.now(), tokens: head.tokens });
      head.start();
    }
    if (this.queue.length === 0) this.clearTimer();
  }

  /** Milliseconds until a task of `tokens` may start under the rate limits (0 = now). */
  private rateWait(tokens: number, now: number): number {
    const { requestsPerMinute, tokensPerMinute, windowMs } = this.limits;
    while (this.starts.length > 0 && (this.starts[0]?.at ?? now) <= now - windowMs) this.starts.shift();
    if (this.starts.length === 0) return 0;
    let used = 0;
    for (const s of this.starts) used += s.tokens;
    const overRequests = this.starts.length >= requestsPerMinute;
    // A task larger than the whole token limit still runs, alone in an empty window.
    const overTokens = used + tokens > tokensPerMinute;
    if (!overRequests && !overTokens) return 0;
    return Math.max(1, (this.starts[0]?.at ?? now) + windowMs - now);
  }

  private armTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
