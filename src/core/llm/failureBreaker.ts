/**
 * The client's circuit breaker. Retries help one request through a passing fault; they do
 * not help when the endpoint as a whole is down or refuses us, and then they only multiply
 * the wait (attempts x timeout x every call of the run). The breaker watches every attempt
 * of one client, across its concurrency, and trips:
 * - at once on a failure no retry can fix (401/403 the key, 404 the model or the URL, 400
 *   an invalid request, 429 with an exhausted quota);
 * - after `maxConsecutiveFailures` failed attempts in a row with no success between
 *   (timeouts, stalled bodies, resets, 5xx, malformed bodies, `choices: []`);
 * - when only 429s have come back for `maxRateLimitedMs` (a rate limit is pacing, not a
 *   failure, so 429s neither count in the streak nor end it).
 * Once tripped it stays tripped: the client sends nothing more and its owner stops the run.
 */
import type { ClassifiedError } from './errorClassifier';
import { formatSeconds } from './durationText';
import type { FailureKind, LlmHalt } from './llmTypes';

/** When the breaker trips; see the module comment. */
export interface BreakerSettings {
  readonly maxConsecutiveFailures: number;
  readonly maxRateLimitedMs: number;
  /** The per-attempt timeout, to say how long a timed-out request waited. */
  readonly timeoutMs: number;
  /** The endpoint as people may see it (see {@link endpointLabel}). */
  readonly endpoint: string;
}

/** What one failed attempt tells the breaker. */
export type AttemptFailure = Pick<ClassifiedError, 'kind' | 'message' | 'fatal' | 'status'>;

/** Kinds that end or extend the streak; the others (an item's own 4xx, a cancel) are neither. */
const STREAK_KINDS: ReadonlySet<FailureKind> = new Set(['server', 'malformed', 'connection', 'timeout', 'stalled', 'unknown']);

/** Counts failures in a row and trips; see the module comment. */
export class FailureBreaker {
  #streak: AttemptFailure[] = [];
  #rateLimitedSince: number | undefined;
  #halt: LlmHalt | undefined;
  readonly #listeners = new Set<(halt: LlmHalt) => void>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why the breaker tripped, once it has. */
  get halt(): LlmHalt | undefined {
    return this.#halt;
  }

  /** Calls `listener` when the breaker trips (at most once); returns the unsubscribe. */
  onHalt(listener: (halt: LlmHalt) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An attempt got a good answer: the streak and any rate-limited spell end. */
  success(): void {
    this.#streak = [];
    this.#rateLimitedSince = undefined;
  }

  /**
   * An attempt failed. `fatalTrips` is false for requests whose caller has a fallback (an
   * embedding model the endpoint lacks), so that their endpoint-wide refusals do not stop the run.
   */
  failure(failure: AttemptFailure, fatalTrips = true): void {
    if (this.#halt !== undefined) return;
    if (failure.fatal) {
      if (fatalTrips) this.trip(failure, 1, refusalMessage(this.settings.endpoint, failure));
      return;
    }
    if (failure.kind === 'rateLimit') {
      this.rateLimited(failure);
      return;
    }
    if (!STREAK_KINDS.has(failure.kind)) return;
    this.#streak.push(failure);
    const limit = this.settings.maxConsecutiveFailures;
    if (this.#streak.length >= limit) this.trip(failure, this.#streak.length, streakMessage(this.settings, this.#streak));
  }

  private rateLimited(failure: AttemptFailure): void {
    const t = this.now();
    this.#rateLimitedSince ??= t;
    const spell = t - this.#rateLimitedSince;
    if (spell < this.settings.maxRateLimitedMs) return;
    const message = `requests to ${this.settings.endpoint} were rate limited for ${formatMinutes(spell)} without one succeeding (${failure.message}); try again later or lower the concurrency`;
    this.trip(failure, this.#streak.length, message);
  }

  private trip(failure: AttemptFailure, failures: number, message: string): void {
    this.#halt = { kind: failure.kind, message, failures, ...(failure.status === undefined ? {} : { status: failure.status }) };
    for (const listener of [...this.#listeners]) listener(this.#halt);
  }
}

/** A refusal no retry fixes, with what to check. */
function refusalMessage(endpoint: string, failure: AttemptFailure): string {
  const hints: Partial<Record<FailureKind, string>> = {
    auth: 'check the API key',
    notFound: 'check the model name and the base URL',
    invalidRequest: 'check the model name, the base URL and that the endpoint is OpenAI-compatible',
    quota: "the account's quota is used up: check its plan and billing",
  };
  const hint = hints[failure.kind];
  return `${endpoint} refused the request: ${failure.message}${hint === undefined ? '' : `; ${hint}`}`;
}

/** "requests to <url> timed out after 30 s, 8 times in a row", or what the streak held. */
function streakMessage(settings: BreakerSettings, streak: readonly AttemptFailure[]): string {
  const n = streak.length;
  const { endpoint, timeoutMs } = settings;
  if (streak.every((f) => f.kind === 'timeout')) {
    return `requests to ${endpoint} timed out after ${formatSeconds(timeoutMs)}, ${n} times in a row: the endpoint does not answer (if the model is just slow, raise the request timeout)`;
  }
  if (streak.every((f) => f.kind === 'stalled')) {
    return `responses from ${endpoint} stalled mid-body, ${n} times in a row (${streak[n - 1]?.message ?? ''})`;
  }
  const last = streak[n - 1]?.message ?? 'no answer';
  const same = streak.every((f) => f.message === last);
  return `requests to ${endpoint} failed ${n} times in a row with no success between${same ? `: ${last}` : ` (the last: ${last})`}`;
}

function formatMinutes(ms: number): string {
  return ms >= 90_000 ? `${Math.round(ms / 60_000)} minutes` : formatSeconds(ms);
}

/** The base URL as messages show it: no user name, password or query (which may hold a key). */
export function endpointLabel(baseUrl: string | undefined): string {
  if (baseUrl === undefined || baseUrl === '') return 'https://api.openai.com/v1';
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return 'the configured base URL';
  }
}
