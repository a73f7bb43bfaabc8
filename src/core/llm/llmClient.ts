/**
 * LLM access for the optimizer: chat completions and embeddings against any
 * OpenAI-compatible base URL, under a concurrency and rate-limit scheduler, with retries
 * (exponential backoff with jitter, honouring Retry-After), per-attempt timeouts,
 * cancellation (cancelled is not failed), an optional on-disk cache, and live usage.
 * One item that keeps failing yields a failure result for that item; nothing throws.
 * The API key lives in a private field: never logged, serialised or put in a message.
 */
import type OpenAI from 'openai';
import { llmCacheKey } from '../cache/llmCacheKey';
import { countChatTokens } from '../cost/tokenCount';
import { AttemptTimeoutError, classifyError } from './errorClassifier';
import type { ChatRequest, ChatValue, EmbeddingValue, LlmClientOptions, LlmResult, UsageCounters } from './llmTypes';
import { createOpenAIClient, sendChat, sendEmbeddings } from './openaiTransport';
import { RateScheduler } from './rateScheduler';
import { retryDelayMs, sleep, type BackoffSettings } from './retryPolicy';
import { redactSecrets } from './secretRedaction';
import { isChatValue, isVectorList } from './cachedValues';
import { UsageMeter } from './usageMeter';

/** Completion tokens assumed per request when weighing it for the token rate limit. */
const ASSUMED_COMPLETION_TOKENS = 128;

/** A chat and embeddings client; see the module comment. */
export class LlmClient {
  readonly #apiKey: string;
  readonly #openai: OpenAI;
  readonly #scheduler: RateScheduler;
  readonly #meter: UsageMeter;
  readonly #options: Omit<LlmClientOptions, 'apiKey'>;
  readonly #backoff: BackoffSettings;

  constructor(options: LlmClientOptions) {
    const { apiKey, ...rest } = options;
    this.#apiKey = apiKey;
    this.#options = rest;
    this.#openai = createOpenAIClient(apiKey, options.baseUrl, this.timeoutMs);
    this.#scheduler = new RateScheduler({
      concurrency: options.concurrency ?? 4,
      ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
      ...(options.tokensPerMinute === undefined ? {} : { tokensPerMinute: options.tokensPerMinute }),
    });
    this.#meter = new UsageMeter(options.onUsage);
    this.#backoff = {
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 20_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    };
  }

  /** Only a tokens-per-minute limit reads a request's weight; without one, tokenizing it is wasted work. */
  private get weighsTokens(): boolean {
    return this.#options.tokensPerMinute !== undefined;
  }

  private get timeoutMs(): number {
    return this.#options.timeoutMs ?? 60_000;
  }

  /** A snapshot of the usage counters. */
  get usage(): UsageCounters {
    return this.#meter.snapshot();
  }

  /** What the client is configured with, without the key (for logs and run records). */
  toJSON(): Record<string, unknown> {
    const { cache: _cache, onUsage: _onUsage, ...settings } = this.#options;
    return { ...settings, hasApiKey: this.#apiKey.length > 0 };
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
    const result = await this.withRetries(send, weight, signal);
    if (result.status === 'ok') {
      this.#meter.add({ promptTokens: result.value.promptTokens, completionTokens: result.value.completionTokens });
      this.cacheSet(key, result.value);
    }
    return result;
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
      const result = await this.withRetries((s) => sendEmbeddings(this.#openai, model, batch, s), weight, signal);
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
      baseUrl: this.#options.baseUrl ?? '',
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

  /** Sends with retries; see the module comment for what each outcome means. */
  private async withRetries<T>(send: (s: AbortSignal) => Promise<T>, weight: number, signal?: AbortSignal): Promise<LlmResult<T>> {
    const maxRetries = this.#options.maxRetries ?? 4;
    let attempts = 0;
    for (let retry = 0; ; retry++) {
      try {
        const value = await this.#scheduler.run(
          () => {
            attempts++;
            this.#meter.add({ requests: 1 });
            return this.attempt(send, signal);
          },
          weight,
          signal,
        );
        return { status: 'ok', value, cached: false, attempts };
      } catch (error) {
        if (signal?.aborted) return this.cancelled(attempts);
        const classified = classifyError(error);
        if (!classified.retryable || retry >= maxRetries) {
          this.#meter.add({ failures: 1 });
          const message = redactSecrets(classified.message, this.#apiKey);
          const failure = { kind: classified.kind, message, ...(classified.status === undefined ? {} : { status: classified.status }) };
          return { status: 'failed', failure, attempts };
        }
        this.#meter.add({ retries: 1 });
        const delay = retryDelayMs(retry, classified.retryAfterMs, this.#backoff);
        if (!(await sleep(delay, signal).then(() => true, () => false))) return this.cancelled(attempts);
      }
    }
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
      if (timedOut && !signal?.aborted) throw new AttemptTimeoutError('the request timed out');
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }
}
