/**
 * LLM access for the optimizer: chat completions and embeddings against any
 * OpenAI-compatible base URL, under a concurrency and rate-limit scheduler, with retries
 * (exponential backoff with jitter; a Retry-After pauses the whole scheduler), per-attempt
 * and mid-body idle timeouts, cancellation (cancelled is not failed), an optional on-disk
 * cache, and live usage. One item that keeps failing yields a failure result for that
 * item; nothing throws. A breaker (failureBreaker.ts) watches every attempt: once the
 * endpoint is plainly down or refusing us it trips, observers hear of it, and every
 * request after that fails at once without being sent. Waits worth telling people about
 * go to observers too. The API key lives in a private field: never logged, serialised or
 * put in a message.
 */
import type OpenAI from 'openai';
import { llmCacheKey } from '../cache/llmCacheKey';
import { countChatTokens } from '../cost/tokenCount';
import { formatSeconds } from './durationText';
import { AttemptTimeoutError, classifyError, type ClassifiedError } from './errorClassifier';
import { endpointLabel, FailureBreaker } from './failureBreaker';
import { LLM_DEFAULTS } from './llmDefaults';
import type { ChatRequest, ChatValue, EmbeddingValue, LlmClientOptions, LlmFailure, LlmHalt, LlmObserver, LlmResult, UsageCounters } from './llmTypes';
import { createOpenAIClient, sendChat, sendEmbeddings } from './openaiTransport';
import { chatThroughBatch } from '../batch/batchChat';
import { RateScheduler } from './rateScheduler';
import { retryDelayMs, sleep, type BackoffSettings } from './retryPolicy';
import { redactSecrets } from './secretRedaction';
import { isChatValue, isVectorList } from './cachedValues';
import { UsageMeter, type ModelUsage } from './usageMeter';
import { WaitNotices } from './waitNotices';

/** Completion tokens assumed per request when weighing it for the token rate limit. */
const ASSUMED_COMPLETION_TOKENS = 128;

/** Thrown inside a scheduled attempt when the breaker tripped while it waited for a slot. */
class HaltedError extends Error {}

/** A chat and embeddings client; see the module comment. */
export class LlmClient {
  readonly #apiKey: string;
  readonly #openai: OpenAI;
  readonly #scheduler: RateScheduler;
  readonly #meter: UsageMeter;
  readonly #options: Omit<LlmClientOptions, 'apiKey'>;
  readonly #backoff: BackoffSettings;
  readonly #breaker: FailureBreaker;
  readonly #notices: WaitNotices;
  readonly #observers = new Set<LlmObserver>();

  constructor(options: LlmClientOptions) {
    const { apiKey, ...rest } = options;
    this.#apiKey = apiKey;
    this.#options = rest;
    const idleTimeoutMs = options.idleTimeoutMs ?? Math.min(LLM_DEFAULTS.idleTimeoutMs, this.timeoutMs);
    this.#openai = createOpenAIClient(apiKey, options.baseUrl, this.timeoutMs, idleTimeoutMs);
    this.#scheduler = new RateScheduler({
      concurrency: options.concurrency ?? LLM_DEFAULTS.concurrency,
      ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
      ...(options.tokensPerMinute === undefined ? {} : { tokensPerMinute: options.tokensPerMinute }),
    });
    this.#meter = new UsageMeter(options.onUsage);
    this.#backoff = {
      baseDelayMs: options.baseDelayMs ?? LLM_DEFAULTS.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? LLM_DEFAULTS.maxDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? LLM_DEFAULTS.maxRetryAfterMs,
    };
    const endpoint = endpointLabel(options.baseUrl);
    this.#breaker = new FailureBreaker({
      maxConsecutiveFailures: options.maxConsecutiveFailures ?? LLM_DEFAULTS.maxConsecutiveFailures,
      maxRateLimitedMs: options.maxRateLimitedMs ?? LLM_DEFAULTS.maxRateLimitedMs,
      timeoutMs: this.timeoutMs,
      endpoint,
    });
    this.#breaker.onHalt((halt) => this.tell((o) => o.onHalt?.(halt)));
    this.#notices = new WaitNotices(endpoint);
  }

  /** Only a tokens-per-minute limit reads a request's weight; without one, tokenizing it is wasted work. */
  private get weighsTokens(): boolean {
    return this.#options.tokensPerMinute !== undefined;
  }

  private get timeoutMs(): number {
    return this.#options.timeoutMs ?? LLM_DEFAULTS.timeoutMs;
  }

  /** Why the client stopped sending, once its breaker has tripped. */
  get halt(): LlmHalt | undefined {
    return this.#breaker.halt;
  }

  /** Listens to waits and to the breaker until the returned function is called. */
  observe(observer: LlmObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  private tell(call: (observer: LlmObserver) => void): void {
    for (const observer of [...this.#observers]) {
      try {
        call(observer);
      } catch {
        // An observer's bug must not break the never-throw promise of a request.
      }
    }
  }

  /** A snapshot of the usage counters. */
  get usage(): UsageCounters {
    return this.#meter.snapshot();
  }

  /** Chat usage per model (chat, writer and judge models), each to be priced at its own price. */
  get usageByModel(): readonly ModelUsage[] {
    return this.#meter.byModel();
  }

  /** What the client is configured with, without the key (for logs and run records). */
  toJSON(): Record<string, unknown> {
    const { cache: _cache, onUsage: _onUsage, batch, ...settings } = this.#options;
    return { ...settings, batchApi: batch !== undefined, hasApiKey: this.#apiKey.length > 0 };
  }

  /** One chat completion (temperature 0 unless the params say otherwise). */
  async chat(request: ChatRequest, signal?: AbortSignal): Promise<LlmResult<ChatValue>> {
    const model = request.model ?? this.#options.chatModel;
    const params = { temperature: 0, ...request.params };
    const key = this.cacheKey('chat', model, request.messages, params);
    const hit = this.cacheGet(key);
    if (isChatValue(hit)) {
      this.#meter.add({ cacheHits: 1 });
      return { status: 'ok', value: hit, cached: true, attempts: 0 };
    }
    const weight = this.weighsTokens ? countChatTokens(request.messages) + (params.maxTokens ?? ASSUMED_COMPLETION_TOKENS) : 0;
    const send = (s: AbortSignal): Promise<ChatValue> => sendChat(this.#openai, model, { ...request, params }, s);
    const batch = this.#options.batch;
    const result = batch === undefined ? await this.withRetries(send, weight, signal, true, model) : await this.viaBatch(batch, key, model, { ...request, params }, signal);
    // A batch line another identical request of the round shares comes back `cached`: paid once, counted once.
    if (result.status === 'ok' && !result.cached) {
      // Its requests were counted under the model as they were sent (withRetries, viaBatch).
      this.#meter.addModel(model, 0, result.value.promptTokens, result.value.completionTokens);
      this.#meter.add({ promptTokens: result.value.promptTokens, completionTokens: result.value.completionTokens });
      this.cacheSet(key, result.value);
    }
    return result;
  }

  /** True when `request`'s answer is in the cache, so {@link chat} would send nothing (for estimates). */
  hasCachedChat(request: ChatRequest): boolean {
    const model = request.model ?? this.#options.chatModel;
    return isChatValue(this.cacheGet(this.cacheKey('chat', model, request.messages, { temperature: 0, ...request.params })));
  }

  /** Batch mode: one line of the round's batch, under the same breaker, counters and cache key. */
  private viaBatch(batch: NonNullable<LlmClientOptions['batch']>, key: string, model: string, request: ChatRequest, signal?: AbortSignal): Promise<LlmResult<ChatValue>> {
    return chatThroughBatch(batch, { customId: key, model, request }, signal, {
      halt: () => this.#breaker.halt,
      sent: () => {
        this.#meter.addModel(model, 1, 0, 0);
        this.#meter.add({ requests: 1 });
      },
      succeeded: () => this.#breaker.success(),
      shared: () => this.#meter.add({ cacheHits: 1 }),
      failed: (failure) => {
        const redacted = { ...failure, message: redactSecrets(failure.message, this.#apiKey) };
        this.#breaker.failure(redacted, redacted.fatal);
        return this.failed(redacted, 1);
      },
      cancelled: () => this.cancelled(1),
    });
  }

  /** Many chat completions at once, each with its own result, in order. Never throws. */
  chatBatch(requests: readonly ChatRequest[], signal?: AbortSignal): Promise<LlmResult<ChatValue>[]> {
    return Promise.all(requests.map((request) => this.chat(request, signal)));
  }

  /**
   * Embeddings of `texts`, in order. Each text is cached on its own, so only new texts
   * are sent, in batches; the result fails (or is cancelled) if any batch does.
   */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<LlmResult<EmbeddingValue>> {
    const model = this.#options.embeddingModel;
    if (model === undefined || model === '') {
      return { status: 'failed', failure: { kind: 'client', message: 'no embedding model is configured' }, attempts: 0 };
    }
    const keys = texts.map((text) => this.cacheKey('embedding', model, text, {}));
    const vectors: (Float32Array | undefined)[] = keys.map((key) => this.cachedVector(key));
    const missing = [...new Set(texts.filter((_, i) => vectors[i] === undefined))];
    const batchSize = this.#options.embeddingBatchSize ?? 256;
    const fresh = new Map<string, Float32Array>();
    let attempts = 0;
    let promptTokens = 0;
    for (let start = 0; start < missing.length; start += batchSize) {
      const batch = missing.slice(start, start + batchSize);
      const weight = batch.reduce((sum, t) => sum + Math.ceil(t.length / 4), 0);
      // An embedding model the endpoint lacks has a fallback (local embeddings): not a reason to stop.
      const result = await this.withRetries((s) => sendEmbeddings(this.#openai, model, batch, s), weight, signal, false);
      attempts += result.attempts;
      if (result.status !== 'ok') return { ...result, attempts };
      this.#meter.add({ promptTokens: result.value.promptTokens });
      promptTokens += result.value.promptTokens;
      batch.forEach((text, i) => {
        const vector = result.value.vectors[i];
        if (vector === undefined) return;
        fresh.set(text, vector);
        this.cacheSet(this.cacheKey('embedding', model, text, {}), Array.from(vector));
      });
    }
    const out = texts.map((text, i) => vectors[i] ?? fresh.get(text) ?? new Float32Array(0));
    return { status: 'ok', value: { vectors: out, promptTokens }, cached: missing.length === 0, attempts };
  }

  private cacheKey(kind: 'chat' | 'embedding', model: string, payload: unknown, params: unknown): string {
    return llmCacheKey({
      provider: this.#options.provider ?? 'openai',
      baseUrl: this.#options.cacheEndpoint ?? this.#options.baseUrl ?? '',
      model,
      kind,
      payload,
      params,
    });
  }

  private cacheGet(key: string): unknown {
    return this.#options.cache?.get(key);
  }

  private cachedVector(key: string): Float32Array | undefined {
    const hit = this.cacheGet(key);
    if (!isVectorList(hit)) return undefined;
    this.#meter.add({ cacheHits: 1 });
    return Float32Array.from(hit);
  }

  private cacheSet(key: string, value: unknown): void {
    try {
      this.#options.cache?.set(key, value);
    } catch {
      // A cache that cannot write (full disk, read-only folder) costs money later, not the run.
    }
  }

  /**
   * Sends with retries; see the module comment for what each outcome means. `fatalTrips`
   * says whether a refusal no retry can fix (401, 404, ...) trips the breaker; a chat
   * `model` gets each request in its own count too, in the notice that counts it.
   */
  private async withRetries<T>(send: (s: AbortSignal) => Promise<T>, weight: number, signal?: AbortSignal, fatalTrips = true, model?: string): Promise<LlmResult<T>> {
    const maxRetries = this.#options.maxRetries ?? LLM_DEFAULTS.maxRetries;
    let attempts = 0;
    for (let retry = 0; ; retry++) {
      // Not sent, so not counted as a failed call: the calls that tripped the breaker are.
      const halt = this.#breaker.halt;
      if (halt !== undefined) return { status: 'failed', failure: { kind: 'halted', message: halt.message }, attempts };
      try {
        const value = await this.#scheduler.run(
          async () => {
            if (this.#breaker.halt !== undefined) throw new HaltedError();
            attempts++;
            if (model !== undefined) this.#meter.addModel(model, 1, 0, 0);
            this.#meter.add({ requests: 1 });
            return this.attempt(send, signal);
          },
          weight,
          signal,
        );
        this.#breaker.success();
        return { status: 'ok', value, cached: false, attempts };
      } catch (error) {
        if (signal?.aborted) return this.cancelled(attempts);
        if (error instanceof HaltedError) continue;
        // Redacted before anything keeps it: servers echo the Authorization header in errors.
        const raw = classifyError(error);
        const classified = { ...raw, message: redactSecrets(namingModel(raw, model), this.#apiKey) };
        this.#breaker.failure(classified, fatalTrips);
        if (!classified.retryable || retry >= maxRetries || this.#breaker.halt !== undefined) return this.failed(classified, attempts);
        this.#meter.add({ retries: 1 });
        const delay = retryDelayMs(retry, classified.retryAfterMs, this.#backoff);
        this.announceWait(classified, delay);
        if (!(await sleep(delay, signal).then(() => true, () => false))) return this.cancelled(attempts);
      }
    }
  }

  /** A Retry-After holds every request, not just this one; a notice says so, or why we retry. */
  private announceWait(classified: ClassifiedError, delay: number): void {
    const paused = classified.kind === 'rateLimit' && classified.retryAfterMs !== undefined;
    if (paused) this.#scheduler.pauseFor(delay);
    const wait = this.#notices.notice(classified, delay, paused);
    if (wait !== undefined) this.tell((o) => o.onWait?.(wait));
  }

  private failed(failure: Pick<ClassifiedError, 'kind' | 'message' | 'status'>, attempts: number): LlmResult<never> {
    this.#meter.add({ failures: 1 });
    const out: LlmFailure = { kind: failure.kind, message: failure.message, ...(failure.status === undefined ? {} : { status: failure.status }) };
    return { status: 'failed', failure: out, attempts };
  }

  private cancelled(attempts: number): LlmResult<never> {
    this.#meter.add({ cancelled: 1 });
    return { status: 'cancelled', attempts };
  }

  /**
   * One attempt under its own timeout, which covers the headers and the body. The caller's
   * signal is forwarded by a listener removed when the attempt ends, rather than through
   * AbortSignal.any, which costs a weak reference and a finalizer per request.
   */
  private async attempt<T>(send: (s: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const forward = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) forward();
    else signal?.addEventListener('abort', forward, { once: true });
    try {
      return await send(controller.signal);
    } catch (error) {
      if (timedOut && !signal?.aborted) throw new AttemptTimeoutError(`the request timed out after ${formatSeconds(this.timeoutMs)}`);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }
}

/**
 * A refusal of the model names it: a run asks up to three chat models (answers, judge, writer),
 * and not every OpenAI-compatible server says which one it lacks.
 */
function namingModel(failure: { readonly kind: string; readonly message: string }, model: string | undefined): string {
  if (failure.kind !== 'notFound' || model === undefined || model === '' || failure.message.includes(model)) return failure.message;
  return `${failure.message} (model "${model}")`;
}
