/** The client's breaker, waits and timeouts through the real openai client against the loopback sandbox. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { LLM_DEFAULTS, silentEndpointBoundMs } from '../../../src/core/llm/llmDefaults';
import type { ChatRequest, LlmClientOptions, LlmHalt, LlmWait } from '../../../src/core/llm/llmTypes';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { ROOT } from '../pipeline/pipelineFixtures';
import { itemMessages, sentimentDataset } from '../sandbox/sentimentFixture';

describe('LLM client breaker, waits and timeouts', function () {
  this.timeout(30_000);
  let sandbox: SandboxHandle;
  const dataset = sentimentDataset(20);
  const request = (i: number): ChatRequest => ({ messages: itemMessages('Classify the sentiment.', dataset.items[i % 20]?.input ?? '') });
  const fast = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };
  const client = (options: Partial<LlmClientOptions> = {}): LlmClient =>
    new LlmClient({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', embeddingModel: 'sandbox-embedding', ...fast, ...options });

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset] });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.resetStats();
  });

  it('trips after 8 failed attempts in a row across requests; later requests fail at once without being sent', async () => {
    sandbox.setFaults({ resetRate: 1 });
    const c = client({ concurrency: 2, maxRetries: 4 });
    const halts: LlmHalt[] = [];
    c.observe({ onHalt: (h) => halts.push(h) });
    const results = await c.chatBatch([0, 1, 2, 3, 4].map(request));
    assert.ok(results.every((r) => r.status === 'failed'));
    assert.equal(halts.length, 1);
    assert.match(halts[0]?.message ?? '', new RegExp(`requests to ${sandbox.baseUrl} failed 8 times in a row with no success between: the connection was reset`));
    const sent = sandbox.stats.requests.chat;
    assert.ok(sent >= 8 && sent <= 9, `${sent} requests`);
    const after = await c.chat(request(5));
    assert.ok(after.status === 'failed' && after.failure.kind === 'halted' && after.attempts === 0, JSON.stringify(after));
    assert.equal(sandbox.stats.requests.chat, sent, 'nothing more was sent');
  });

  it('stops at the first 401, with the endpoint\'s message', async () => {
    sandbox.setFaults({ unauthorizedRate: 1 });
    const c = client({ concurrency: 1 });
    const results = await c.chatBatch([0, 1, 2].map(request));
    assert.equal(sandbox.stats.requests.chat, 1);
    assert.match(c.halt?.message ?? '', /refused the request: 401 Incorrect API key provided \(simulated\); check the API key/);
    assert.deepEqual(results.map((r) => (r.status === 'failed' ? r.failure.kind : r.status)), ['auth', 'halted', 'halted']);
  });

  it('does not trip on an embedding model the endpoint lacks: the caller falls back', async () => {
    sandbox.setFaults({ script: ['notFound'] });
    const c = client();
    const embedded = await c.embed(['a text']);
    assert.ok(embedded.status === 'failed' && embedded.failure.kind === 'notFound');
    assert.equal(c.halt, undefined);
    assert.equal((await c.chat(request(0))).status, 'ok');
  });

  it('a success between failures keeps it closed', async () => {
    sandbox.setFaults({ script: ['reset', 'reset', 'reset', 'reset', 'reset', 'reset', 'reset', 'none', 'reset', 'reset', 'reset'] });
    const c = client({ concurrency: 1, maxRetries: 8 });
    const result = await c.chat(request(0));
    assert.equal(result.status, 'ok');
    assert.equal((await c.chat(request(1))).status, 'ok');
    assert.equal(c.halt, undefined);
  });

  it('pauses every request for a Retry-After, not just the one that got the 429, and says so', async () => {
    sandbox.setFaults({ script: ['rateLimit'], retryAfterSeconds: 0.4, latencyMs: 30 });
    const c = client({ concurrency: 2 });
    const waits: LlmWait[] = [];
    c.observe({ onWait: (w) => waits.push(w) });
    const started = Date.now();
    const done = (i: number): Promise<number> => c.chat(request(i)).then((r) => (assert.equal(r.status, 'ok'), Date.now() - started));
    const first = done(0);
    const second = done(1);
    // Queued behind the two: without the pause it would start when the second ends (~30 ms).
    const third = done(2);
    const [, t2, t3] = await Promise.all([first, second, third]);
    assert.ok(t2 < 300, `the request already in flight was not held (${t2} ms)`);
    assert.ok(t3 >= 400, `the queued request waited out the Retry-After (${t3} ms)`);
    assert.equal(waits.length, 1);
    assert.equal(waits[0]?.reason, 'rateLimit');
    assert.match(waits[0]?.message ?? '', /rate limited by http:\/\/127\.0\.0\.1:\d+\/v1: every request waits 0\.4\d? s/);
  });

  it('cuts off a body that stalls mid-way (idle timeout), well before the request timeout', async () => {
    sandbox.setFaults({ script: ['drip'], dripIntervalMs: 1000 });
    const c = client({ timeoutMs: 10_000, idleTimeoutMs: 150, maxRetries: 1 });
    const waits: LlmWait[] = [];
    c.observe({ onWait: (w) => waits.push(w) });
    const started = Date.now();
    const result = await c.chat(request(0));
    assert.equal(result.status, 'ok');
    assert.equal(result.attempts, 2);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    assert.match(waits[0]?.message ?? '', /^the response stalled: no data for 0\.15 s; retrying in/);
  });

  it('bounds a never-answering endpoint by the arithmetic of its settings, at concurrency 1 and 4', async () => {
    sandbox.setFaults({ hangRate: 1 });
    for (const concurrency of [1, 4]) {
      sandbox.resetStats();
      const settings = { timeoutMs: 150, maxConsecutiveFailures: 8, maxRetries: 4, baseDelayMs: 10, maxDelayMs: 1000 };
      const c = client({ ...settings, concurrency });
      const started = Date.now();
      const results = await c.chatBatch([0, 1, 2, 3, 4, 5].map(request));
      const elapsed = Date.now() - started;
      assert.ok(results.every((r) => r.status === 'failed'));
      assert.match(c.halt?.message ?? '', /timed out after 0\.15 s, 8 times in a row/);
      // Slack for a loaded machine: scheduling, sockets, the SDK's own work per attempt.
      const bound = silentEndpointBoundMs(settings);
      assert.ok(elapsed <= bound + 1500, `concurrency ${concurrency}: ${elapsed} ms > bound ${bound} ms`);
      assert.ok(elapsed >= (settings.timeoutMs * 8) / concurrency - 50, `each attempt waited its timeout (${elapsed} ms)`);
      assert.ok(sandbox.stats.hung >= 8 && sandbox.stats.hung <= 8 + concurrency - 1, `${sandbox.stats.hung} requests`);
    }
  });

  it('with the default settings, a never-answering endpoint is given up on within 5 minutes', () => {
    const bound = silentEndpointBoundMs(LLM_DEFAULTS);
    // 8 timeouts of 30 s one after the other, and 7 backoffs of at most 4 s between them.
    assert.equal(bound, 8 * 30_000 + 7 * 4000);
    assert.ok(bound < 5 * 60_000, `${bound} ms`);
    // The editor's setting defaults to the same timeout (the CLI passes none unless --request-timeout is given).
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
    assert.equal(manifest.contributes.configuration.properties['zopo.requestTimeoutSeconds']?.default, LLM_DEFAULTS.timeoutMs / 1000);
  });
});
