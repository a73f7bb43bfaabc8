import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCache } from '../../../src/core/cache/diskCache';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { buildClient } from '../../../src/core/pipeline/orchestrator';
import { makeRunConfig } from '../../../src/core/pipeline/runConfig';
import { LANGUAGE_MODEL_API_ENDPOINT } from '../../../src/core/pipeline/sessionEndpoint';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { itemMessages, sentimentDataset } from '../sandbox/sentimentFixture';

/**
 * VS Code's Language Model API is served on a loopback proxy with a fresh port each session:
 * two sandboxes on two ports stand for the proxies of two sessions.
 */
describe('cache keys of calls through VS Code\'s Language Model API', () => {
  const dataset = sentimentDataset(10);
  const messages = itemMessages('Classify the sentiment.', dataset.items[0]?.input ?? '');
  let first: SandboxHandle;
  let second: SandboxHandle;
  let dir: string;

  before(async () => {
    first = await startSandbox({ datasets: [dataset] });
    second = await startSandbox({ datasets: [dataset] });
    assert.notEqual(first.baseUrl, second.baseUrl, 'the two "sessions" listen on two ports');
  });
  after(async () => {
    await first.close();
    await second.close();
  });
  beforeEach(() => {
    first.resetStats();
    second.resetStats();
    dir = mkdtempSync(join(tmpdir(), 'zopo-lm-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const client = (baseUrl: string, cache: DiskCache, cacheEndpoint?: string): LlmClient =>
    new LlmClient({ apiKey: 'session-key', baseUrl, chatModel: 'sandbox', cache, ...(cacheEndpoint === undefined ? {} : { cacheEndpoint }) });

  it('finds an answer logged through one session\'s proxy again through the next session\'s, on another port', async () => {
    const file = join(dir, 'llm-cache.jsonl');
    const paid = await client(first.baseUrl, DiskCache.open(file), LANGUAGE_MODEL_API_ENDPOINT).chat({ messages });
    assert.ok(paid.status === 'ok' && !paid.cached);
    const again = await client(second.baseUrl, DiskCache.open(file), LANGUAGE_MODEL_API_ENDPOINT).chat({ messages });
    assert.ok(again.status === 'ok' && again.cached, 'the second session answers from the cache');
    assert.deepEqual(again.value.texts, paid.value.texts);
    assert.equal(second.stats.requests.chat, 0, 'the second session\'s proxy is asked nothing');
    const port = new URL(first.baseUrl).port;
    assert.ok(!readFileSync(file, 'utf8').includes(`:${port}`), 'the cache file does not name the port');
  });

  it('still tells apart two local servers on two ports (no endpoint name given)', async () => {
    const file = join(dir, 'llm-cache.jsonl');
    await client(first.baseUrl, DiskCache.open(file)).chat({ messages });
    const other = await client(second.baseUrl, DiskCache.open(file)).chat({ messages });
    assert.ok(other.status === 'ok' && !other.cached, 'another server is another endpoint');
    assert.equal(second.stats.requests.chat, 1);
  });

  it('the run\'s client of a run recorded through the API sends to this session\'s proxy and keys without the port', async () => {
    const file = join(dir, 'llm-cache.jsonl');
    const config = makeRunConfig({ promptText: 'p', promptSource: 'p', dataFile: 'd', baseUrl: first.baseUrl, model: 'sandbox', embeddingModel: '', languageModelApi: true });
    const recorded = buildClient(config, { apiKey: 'first-key' }, undefined, DiskCache.open(file), () => undefined);
    assert.equal((await recorded.chat({ messages })).status, 'ok');
    assert.equal(first.stats.requests.chat, 1, 'the first session used the recorded proxy');
    const endpoint = { baseUrl: second.baseUrl, model: 'sandbox', languageModelApi: true };
    const resumed = buildClient(config, { apiKey: 'second-key', endpoint }, undefined, DiskCache.open(file), () => undefined);
    const hit = await resumed.chat({ messages });
    assert.ok(hit.status === 'ok' && hit.cached, 'the logged answer is found');
    const other = itemMessages('Classify the sentiment.', dataset.items[1]?.input ?? '');
    assert.equal((await resumed.chat({ messages: other })).status, 'ok');
    assert.deepEqual([first.stats.requests.chat, second.stats.requests.chat], [1, 1], 'a new call goes to this session\'s proxy, not the recorded one');
  });
});
