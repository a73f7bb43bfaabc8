/**
 * When and how long to wait before retrying: exponential backoff with jitter, or the
 * server's Retry-After (seconds or an HTTP date; also the non-standard retry-after-ms)
 * when it sends one, capped so a hostile header cannot stall a run.
 */
import { abortError } from './rateScheduler';

/** Backoff settings. */
export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** Milliseconds a Retry-After / retry-after-ms pair asks for, if any. */
export function parseRetryAfter(retryAfter: string | null | undefined, retryAfterMs?: string | null, now = Date.now()): number | undefined {
  if (retryAfterMs) {
    const ms = Number.parseFloat(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (0 = the first retry). With a Retry-After the server's
 * wait is honoured plus up to 10% jitter; otherwise "equal jitter" backoff: half of
 * min(max, base * 2^retry) fixed and half uniform.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, settings: BackoffSettings, random = Math.random): number {
  if (retryAfterMs !== undefined) {
    const capped = Math.min(retryAfterMs, settings.maxRetryAfterMs);
    return capped * (1 + 0.1 * random());
  }
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return ceiling / 2 + (ceiling / 2) * random();
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
