/**
 * Turns the client's waits into notices for people: a Retry-After pause, a rate-limit
 * backoff, a retry after a timeout or a long backoff. Short backoffs after a passing 5xx
 * are not news. Waits of concurrent requests that end together make one notice.
 */
import type { ClassifiedError } from './errorClassifier';
import { formatSeconds } from './durationText';
import type { LlmWait } from './llmTypes';

/** A retry's backoff at least this long is announced whatever the failure. */
const LONG_WAIT_MS = 2000;
/** A wait that ends within this of the last announced one is the same wait. */
const SAME_WAIT_MS = 1000;

/** Decides which waits to announce; see the module comment. */
export class WaitNotices {
  private readonly lastEnd: Record<LlmWait['reason'], number> = { rateLimit: 0, retry: 0 };

  constructor(
    private readonly endpoint: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The notice for a wait of `delayMs` after `failure`, or undefined when it is not worth one. */
  notice(failure: ClassifiedError, delayMs: number, paused: boolean): LlmWait | undefined {
    const wait = this.describe(failure, delayMs, paused);
    if (wait === undefined) return undefined;
    const end = this.now() + delayMs;
    if (end <= this.lastEnd[wait.reason] + SAME_WAIT_MS) return undefined;
    this.lastEnd[wait.reason] = end;
    return wait;
  }

  private describe(failure: ClassifiedError, delayMs: number, paused: boolean): LlmWait | undefined {
    const seconds = formatSeconds(delayMs);
    if (failure.kind === 'rateLimit') {
      const message = paused
        ? `rate limited by ${this.endpoint}: every request waits ${seconds}, as the server asked (Retry-After)`
        : `rate limited by ${this.endpoint}: retrying in ${seconds}`;
      return { reason: 'rateLimit', delayMs, message };
    }
    if (failure.kind === 'timeout' || failure.kind === 'stalled' || delayMs >= LONG_WAIT_MS) {
      return { reason: 'retry', delayMs, message: `${failure.message}; retrying in ${seconds}` };
    }
    return undefined;
  }
}
