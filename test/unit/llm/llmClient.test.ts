import assert from 'node:assert/strict';
import { LlmClient } from '../../../src/core/llm/llmClient';
import type { ChatRequest, LlmClientOptions } from '../../../src/core/llm/llmTypes';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { itemMessages, sentimentDataset } from '../sandbox/sentimentFixture';

const INSTRUCTION = 'Classify the sentiment of the review as positive or negative.';

describe('LLM client against the sandbox', () => {
  let sandbox: SandboxHandle;
  const dataset = sentimentDataset(40);
  const request = (i: number): ChatRequest => ({ messages: itemMessages(INSTRUCTION, dataset.items[i % 40]?.input ?? '') });
  const client = (options: Partial<LlmClientOptions> = {}): LlmClient =>
    new LlmClient({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 2000, ...options });

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset] });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.resetStats();
  });

  it('answers a chat request at temperature 0', async () => {
    const result = await client().chat(request(0));
    assert.equal(result.status, 'ok');
    assert.ok(result.status === 'ok' && ['positive', 'negative'].includes(result.value.texts[0] ?? ''));
  });

  it('waits for Retry-After on a 429, then succeeds', async () => {
    sandbox.setFaults({ script: ['rateLimit'], retryAfterSeconds: 0.08 });
    const c = client();
    const started = Date.now();
    const result = await c.chat(request(1));
    const elapsed = Date.now() - started;
    assert.equal(result.status, 'ok');
    assert.equal(result.attempts, 2);
    assert.ok(elapsed >= 78 && elapsed < 600, `elapsed ${elapsed} ms`);
    assert.equal(c.usage.retries, 1);
    assert.equal(sandbox.stats.requests.chat, 2);
  });

  it('retries 5xx responses', async () => {
    sandbox.setFaults({ script: ['serverError', 'serverError'] });
    const c = client();
    const result = await c.chat(request(2));
    assert.equal(result.status, 'ok');
    assert.equal(result.attempts, 3);
    assert.deepEqual([c.usage.retries, c.usage.failures], [2, 0]);
  });

  it('retries malformed bodies, then counts the item as failed', async () => {
    sandbox.setFaults({ malformedRate: 1 });
    const c = client({ maxRetries: 2 });
    const result = await c.chat(request(3));
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && result.failure.kind === 'malformed');
    assert.equal(sandbox.stats.requests.chat, 3);
    assert.deepEqual([c.usage.requests, c.usage.retries, c.usage.failures], [3, 2, 1]);
  });

  it('retries dropped connections, then counts the item as failed', async () => {
    sandbox.setFaults({ dropRate: 1 });
    const c = client({ maxRetries: 1 });
    const result = await c.chat(request(4));
    assert.ok(result.status === 'failed' && result.failure.kind === 'connection', JSON.stringify(result));
    assert.equal(sandbox.stats.dropped, 2);
    assert.equal(c.usage.failures, 1);
  });

  it('recovers from a dropped connection', async () => {
    sandbox.setFaults({ script: ['drop', 'malformed'] });
    const result = await client().chat(request(5));
    assert.equal(result.status, 'ok');
    assert.equal(result.attempts, 3);
  });

  it('bounds each attempt by its timeout', async () => {
    sandbox.setFaults({ latencyMs: 1000 });
    const c = client({ timeoutMs: 40, maxRetries: 1 });
    const started = Date.now();
    const result = await c.chat(request(6));
    const elapsed = Date.now() - started;
    assert.ok(result.status === 'failed' && result.failure.kind === 'timeout', JSON.stringify(result));
    assert.ok(elapsed >= 75 && elapsed < 500, `elapsed ${elapsed} ms`);
  });

  it('cancels in-flight and queued requests on abort, without counting failures', async () => {
    sandbox.setFaults({ latencyMs: 1000 });
    const c = client({ concurrency: 2 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = c.chatBatch([0, 1, 2, 3, 4, 5].map(request), controller.signal);
    setTimeout(() => controller.abort(), 40);
    const results = await pending;
    assert.ok(Date.now() - started < 500);
    assert.deepEqual(results.map((r) => r.status), Array<string>(6).fill('cancelled'));
    assert.deepEqual([c.usage.cancelled, c.usage.failures], [6, 0]);
    assert.ok(sandbox.stats.requests.chat <= 2);
  });

  it('cancels during a backoff wait', async () => {
    sandbox.setFaults({ script: ['rateLimit'], retryAfterSeconds: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const result = await client().chat(request(7), controller.signal);
    assert.equal(result.status, 'cancelled');
    assert.ok(Date.now() - started < 1000);
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    sandbox.setFaults({ latencyMs: 15, jitterMs: 10 });
    const c = client({ concurrency: 3 });
    const results = await c.chatBatch(Array.from({ length: 18 }, (_, i) => request(i)));
    assert.ok(results.every((r) => r.status === 'ok'));
    assert.equal(sandbox.stats.maxInFlight, 3);
  });

  it('weighs requests by their tokens under a tokens-per-minute limit', async () => {
    // Each request weighs its prompt tokens plus 200 completion tokens: two do not fit in 300.
    const c = client({ tokensPerMinute: 300, concurrency: 4 });
    const controller = new AbortController();
    const params = { maxTokens: 200 };
    const pending = c.chatBatch([0, 1].map((i) => ({ ...request(i), params })), controller.signal);
    setTimeout(() => controller.abort(), 300);
    const results = await pending;
    assert.deepEqual(results.map((r) => r.status), ['ok', 'cancelled']);
    const free = await client({ concurrency: 4 }).chatBatch([2, 3].map((i) => ({ ...request(i), params })));
    assert.deepEqual(free.map((r) => r.status), ['ok', 'ok']);
  });

  it('keeps usage counters equal to what the server counted, faults included', async () => {
    sandbox.setFaults({ serverErrorRate: 0.2, rateLimitRate: 0.1, retryAfterSeconds: 0.005, malformedRate: 0.1 });
    const seen: number[] = [];
    const c = client({ concurrency: 4, maxRetries: 6, onUsage: (u) => seen.push(u.requests) });
    const results = await c.chatBatch(Array.from({ length: 30 }, (_, i) => request(i)));
    const usage = c.usage;
    assert.equal(usage.requests, sandbox.stats.requests.chat);
    assert.equal(usage.promptTokens, sandbox.stats.promptTokens);
    assert.equal(usage.completionTokens, sandbox.stats.completionTokens);
    assert.equal(usage.retries, usage.requests - 30);
    assert.equal(results.filter((r) => r.status === 'failed').length, usage.failures);
    assert.ok(seen.length > 0 && seen[seen.length - 1] === usage.requests);
  });

  it('returns one failed item in a batch without failing the others', async () => {
    sandbox.setFaults({ script: ['serverError'] });
    const c = client({ concurrency: 1, maxRetries: 0 });
    const results = await c.chatBatch([request(0), request(1), request(2)]);
    assert.deepEqual(results.map((r) => r.status), ['failed', 'ok', 'ok']);
    assert.equal(c.usage.failures, 1);
  });

  it('embeds texts in batches, in order', async () => {
    const c = client({ embeddingModel: 'sandbox-embedding', embeddingBatchSize: 2 });
    const texts = ['alpha beta', 'beta gamma', 'gamma delta', 'delta epsilon', 'alpha beta'];
    const result = await c.embed(texts);
    assert.ok(result.status === 'ok');
    assert.equal(result.value.vectors.length, 5);
    assert.equal(result.value.vectors[0]?.length, 256);
    assert.deepEqual(result.value.vectors[0], result.value.vectors[4]);
    assert.equal(sandbox.stats.requests.embeddings, 2);
  });

  it('says plainly when no embedding model is configured', async () => {
    const result = await client().embed(['x']);
    assert.ok(result.status === 'failed' && /no embedding model/.test(result.failure.message));
  });
});
