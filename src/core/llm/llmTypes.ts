import type { BatchChannel } from '../batch/batchTypes';
import type { ModelUsage } from './usageMeter';

/**
 * Types of LLM access: requests, per-item results (ok, failed or cancelled; a batch never
 * throws), failures, usage counters and client options.
 */

/** One chat message. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Sampling parameters; part of the cache key. Temperature defaults to 0 (evaluation). */
export interface ChatParams {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  /** Choices to sample (n). */
  readonly n?: number;
  readonly stop?: readonly string[];
}

/** A chat request; `model` defaults to the client's chat model. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly model?: string;
  readonly params?: ChatParams;
}

/** A successful chat completion. */
export interface ChatValue {
  /** One text per choice. */
  readonly texts: readonly string[];
  readonly finishReasons: readonly string[];
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Embeddings of a list of texts, in order. */
export interface EmbeddingValue {
  readonly vectors: readonly Float32Array[];
  readonly promptTokens: number;
}

/**
 * Why an item failed after its retries. `auth` (401/403), `notFound` (404), `invalidRequest`
 * (400/422) and `quota` (429 insufficient_quota) are the endpoint's, not the item's: no
 * retry and no other request will fare better. `stalled`: the body stopped arriving.
 * `halted`: not sent, because the client's breaker had tripped (see failureBreaker.ts).
 */
export type FailureKind =
  | 'rateLimit'
  | 'server'
  | 'malformed'
  | 'connection'
  | 'timeout'
  | 'stalled'
  | 'auth'
  | 'notFound'
  | 'invalidRequest'
  | 'quota'
  | 'client'
  | 'halted'
  | 'unknown';

/** A failure, with a message that never contains the API key. */
export interface LlmFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly status?: number;
}

/** The outcome of one item. Cancelled is not failed: it is not counted as a failure. */
export type LlmResult<T> =
  | { readonly status: 'ok'; readonly value: T; readonly cached: boolean; readonly attempts: number }
  | { readonly status: 'failed'; readonly failure: LlmFailure; readonly attempts: number }
  | { readonly status: 'cancelled'; readonly attempts: number };

/** Live usage of one client. `requests` counts HTTP attempts sent (retries included). */
export interface UsageCounters {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Items that failed after all retries. */
  failures: number;
  retries: number;
  cacheHits: number;
  cancelled: number;
}

/** Options of `LlmClient`. Every limit has a default suited to a hosted API. */
export interface LlmClientOptions {
  /** Named in cache keys so two providers never share entries. Default "openai". */
  readonly provider?: string;
  /** OpenAI-compatible base URL; empty or absent means OpenAI's. */
  readonly baseUrl?: string;
  /**
   * How cache keys name the endpoint instead of by `baseUrl`: for a proxy that listens on a
   * fresh port each session (VS Code's Language Model API), whose answers must be found again.
   */
  readonly cacheEndpoint?: string;
  /** Passed in by the caller (CLI: OPENAI_API_KEY; extension: its secret storage). */
  readonly apiKey: string;
  readonly chatModel: string;
  readonly embeddingModel?: string;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** Retries after the first attempt. Default 4. */
  readonly maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Cap of a backoff delay. Default 20 s. */
  readonly maxDelayMs?: number;
  /** Cap of a server-requested Retry-After; longer requests are cut to it. Default 60 s. */
  readonly maxRetryAfterMs?: number;
  /** Per-attempt timeout, headers and body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Longest pause within a response body once its headers are in. Default 30 s, or the timeout if shorter. */
  readonly idleTimeoutMs?: number;
  /** Failed attempts in a row (timeouts, resets, 5xx, malformed bodies) that trip the breaker. Default 8. */
  readonly maxConsecutiveFailures?: number;
  /** How long only 429s may come back, with no success, before the breaker trips. Default 5 min. */
  readonly maxRateLimitedMs?: number;
  /** Texts per embeddings request. Default 256. */
  readonly embeddingBatchSize?: number;
  readonly cache?: LlmCacheStore;
  /** Batch mode: chat requests go to the provider's Batch API through this channel (src/core/batch). */
  readonly batch?: BatchChannel;
  /** Called with a snapshot after every change of the counters, and each chat model's part. */
  readonly onUsage?: (usage: Readonly<UsageCounters>, models: readonly ModelUsage[]) => void;
}

/** A wait the client is in: a whole-scheduler pause for a Retry-After, or a retry's backoff. */
export interface LlmWait {
  readonly reason: 'rateLimit' | 'retry';
  readonly delayMs: number;
  /** What the wait is for, for people: names the endpoint or the failure, never the key. */
  readonly message: string;
}

/** Why the client stopped sending: its breaker tripped. */
export interface LlmHalt {
  readonly kind: FailureKind;
  /** Names the endpoint (base URL without credentials) and the failure. */
  readonly message: string;
  readonly status?: number;
  /** Failed attempts behind the trip. */
  readonly failures: number;
}

/** Listens to a client's waits and to its breaker. */
export interface LlmObserver {
  readonly onWait?: (wait: LlmWait) => void;
  readonly onHalt?: (halt: LlmHalt) => void;
}

/** What the client needs from a cache (see src/core/cache/diskCache.ts). */
export interface LlmCacheStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}
