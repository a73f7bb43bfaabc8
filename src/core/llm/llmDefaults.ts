/**
 * The client's defaults in one place, and what they add up to: with them, how long can an
 * endpoint that never answers hold a run before the breaker stops it? The answer is a
 * bound the tests check against the 5 minutes the tool promises, and against real runs
 * with scaled-down settings (so the formula is tested, not just believed).
 */

/** Defaults of `LlmClientOptions` (see llmTypes.ts for what each means). */
export const LLM_DEFAULTS = {
  concurrency: 4,
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  maxConsecutiveFailures: 8,
  maxRateLimitedMs: 5 * 60_000,
} as const;

/** The settings the bound depends on. */
export interface SilenceBoundSettings {
  readonly timeoutMs: number;
  readonly maxConsecutiveFailures: number;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The longest an endpoint that accepts connections and never answers can keep a client
 * busy before its breaker trips, whatever the concurrency. Every attempt ends at its
 * timeout; the breaker trips at the `maxConsecutiveFailures`-th failed attempt. The slowest
 * case is a concurrency of 1, where attempts run one after the other: that many timeouts,
 * plus the backoff waits between them, each at most the largest backoff a retry can draw
 * (min(maxDelay, base * 2^(maxRetries-1)); "equal jitter" never exceeds its ceiling). More
 * concurrency only makes the failures arrive sooner.
 */
export function silentEndpointBoundMs(settings: SilenceBoundSettings): number {
  const k = settings.maxConsecutiveFailures;
  const largestBackoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, settings.maxRetries - 1));
  return k * settings.timeoutMs + (k - 1) * largestBackoff;
}
