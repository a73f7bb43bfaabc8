import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCache } from '../../../src/core/cache/diskCache';
import { llmCacheKey } from '../../../src/core/cache/llmCacheKey';
import { canonicalJson } from '../../../src/core/cache/stableHash';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { itemMessages, sentimentDataset } from '../sandbox/sentimentFixture';

const KEY = 'sk-cache-test-0123456789';

describe('LLM client with the disk cache', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  const dataset = sentimentDataset(10);
  const messages = itemMessages('Classify the sentiment.', dataset.items[0]?.input ?? '');

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset] });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.resetStats();
    dir = mkdtempSync(join(tmpdir(), 'zopo-client-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const makeClient = (cache: DiskCache): LlmClient =>
    new LlmClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, chatModel: 'sandbox', embeddingModel: 'emb', cache });

  it('answers a repeated call from the cache, even after reopening, without a server call', async () => {
    const path = join(dir, 'cache.jsonl');
    const first = makeClient(DiskCache.open(path));
    const paid = await first.chat({ messages });
    assert.ok(paid.status === 'ok' && !paid.cached);
    const again = await first.chat({ messages });
    assert.ok(again.status === 'ok' && again.cached);
    const resumed = makeClient(DiskCache.open(path));
    const third = await resumed.chat({ messages });
    assert.ok(third.status === 'ok' && third.cached);
    assert.deepEqual(third.value.texts, paid.value.texts);
    assert.equal(sandbox.stats.requests.chat, 1);
    assert.deepEqual([first.usage.requests, first.usage.cacheHits, resumed.usage.requests, resumed.usage.cacheHits], [1, 1, 0, 1]);
    assert.ok(!readFileSync(path, 'utf8').includes(KEY), 'the cache file must not hold the API key');
  });

  it('pays again when the parameters or model differ', async () => {
    const client = makeClient(DiskCache.open(join(dir, 'cache.jsonl')));
    await client.chat({ messages });
    await client.chat({ messages, params: { temperature: 0.7, seed: 1 } });
    await client.chat({ messages, model: 'other' });
    assert.equal(sandbox.stats.requests.chat, 3);
  });

  it('caches embeddings per text, sending only new ones', async () => {
    const client = makeClient(DiskCache.open(join(dir, 'cache.jsonl')));
    const a = await client.embed(['one', 'two']);
    const b = await client.embed(['two', 'three', 'one']);
    assert.ok(a.status === 'ok' && b.status === 'ok');
    assert.deepEqual(b.value.vectors[2], a.value.vectors[0]);
    assert.equal(sandbox.stats.requests.embeddings, 2);
    assert.equal(client.usage.cacheHits, 2);
  });

  it('keys on a stable hash that ignores field order and never holds the key', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } }), '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
    const base = { provider: 'openai', baseUrl: 'http://x/v1', model: 'm', kind: 'chat' as const, payload: messages, params: { temperature: 0 } };
    assert.equal(llmCacheKey(base), llmCacheKey({ ...base, baseUrl: 'http://x/v1/' }));
    assert.notEqual(llmCacheKey(base), llmCacheKey({ ...base, model: 'n' }));
    assert.notEqual(llmCacheKey(base), llmCacheKey({ ...base, provider: 'azure' }));
    assert.match(llmCacheKey(base), /^[0-9a-f]{64}$/);
  });
});
