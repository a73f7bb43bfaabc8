import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchApi } from '../../../src/core/batch/batchApi';
import { BatchCollector } from '../../../src/core/batch/batchCollector';
import { BatchLedger } from '../../../src/core/batch/batchLedger';
import type { BatchProgress } from '../../../src/core/batch/batchTypes';
import { batchBudgetGuard } from '../../../src/core/batch/runBatches';
import { DiskCache } from '../../../src/core/cache/diskCache';
import { llmCacheKey } from '../../../src/core/cache/llmCacheKey';
import { LlmClient } from '../../../src/core/llm/llmClient';
import type { ChatRequest, LlmCacheStore, LlmResult, ChatValue } from '../../../src/core/llm/llmTypes';
import { ZERO_USAGE } from '../../../src/core/pipeline/usageTracker';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { itemMessages, sentimentDataset } from '../sandbox/sentimentFixture';

const INSTRUCTION = 'Classify the sentiment of the review as positive or negative.';

/** The batch engine behind LlmClient.chat, against the sandbox's /v1/files and /v1/batches through the real openai client. */
describe('batch engine against the sandbox', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  const dataset = sentimentDataset(60);
  const request = (i: number): ChatRequest => ({ messages: itemMessages(INSTRUCTION, dataset.items[i]?.input ?? ''), params: { maxTokens: 16 } });
  const collectors: BatchCollector[] = [];
  const collector = (options: { ledger?: BatchLedger; progress?: BatchProgress[]; maxSubmissions?: number } = {}): BatchCollector => {
    const c = new BatchCollector({
      api: new BatchApi({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, endpoint: sandbox.baseUrl, timeoutMs: 5000 }),
      ledger: options.ledger ?? new BatchLedger(undefined),
      firstPollMs: 20,
      maxPollMs: 40,
      ...(options.maxSubmissions === undefined ? {} : { maxSubmissions: options.maxSubmissions }),
      onProgress: (p) => options.progress?.push(p),
    });
    collectors.push(c);
    return c;
  };
  const client = (batch: BatchCollector, cache?: LlmCacheStore): LlmClient =>
    new LlmClient({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', batch, ...(cache === undefined ? {} : { cache }), timeoutMs: 5000 });
  const all = (c: LlmClient, from: number, to: number): Promise<LlmResult<ChatValue>[]> => c.chatBatch(Array.from({ length: to - from }, (_, i) => request(from + i)));

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset], batches: { latencyMs: 60 } });
    dir = mkdtempSync(join(tmpdir(), 'zopo-batch-'));
  });
  after(async () => {
    for (const c of collectors) c.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.setBatchOptions({ latencyMs: 60 });
    sandbox.resetStats();
  });

  it('sends the requests of one tick as one batch, answers each from the output file, and caches them under the direct-call key', async () => {
    const cache = DiskCache.open(join(dir, 'cache-1.jsonl'));
    const progress: BatchProgress[] = [];
    const batchClient = client(collector({ progress }), cache);
    const results = await all(batchClient, 0, 20);
    assert.ok(results.every((r) => r.status === 'ok'), JSON.stringify(results.find((r) => r.status !== 'ok')));
    assert.equal(sandbox.stats.requests.chat, 0, 'no direct chat call');
    assert.equal(sandbox.batchStats.batchesCreated, 1);
    assert.equal(sandbox.batchStats.linesSubmitted, 20);
    assert.equal(batchClient.usage.requests, 20, 'each line counts as one call');
    assert.ok(progress.some((p) => p.message.includes('of 20 lines done')), 'the waits are announced with n of m lines');
    // A direct client on the same cache sends nothing: same keys.
    const direct = new LlmClient({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', cache });
    const again = await direct.chatBatch(Array.from({ length: 20 }, (_, i) => request(i)));
    assert.ok(again.every((r) => r.status === 'ok' && r.cached));
    assert.equal(sandbox.stats.requests.chat, 0);
    const first = results[0];
    const cachedFirst = again[0];
    assert.ok(first?.status === 'ok' && cachedFirst?.status === 'ok');
    assert.deepEqual(cachedFirst.value.texts, first.value.texts);
    cache.close();
  });

  it('an identical request asked twice is one line', async () => {
    const c = client(collector());
    const results = await c.chatBatch([request(1), request(1), request(2)]);
    assert.ok(results.every((r) => r.status === 'ok'));
    assert.equal(sandbox.batchStats.linesSubmitted, 2);
    const [a, b] = results;
    assert.ok(a?.status === 'ok' && b?.status === 'ok' && a.cached !== b.cached, 'one of the two pays, the other shares');
    const paid = (a.cached ? b : a).value;
    const third = results[2];
    assert.ok(third?.status === 'ok');
    assert.equal(c.usage.promptTokens, paid.promptTokens + third.value.promptTokens, 'the shared line is counted once');
    assert.equal(c.usage.requests, 2);
    assert.equal(c.usage.cacheHits, 1);
  });

  it('re-submits only the lines an expired batch did not run, and uses the partial results', async () => {
    sandbox.setBatchOptions({ latencyMs: 40, script: ['expire'], expireFraction: 0.5 });
    const c = client(collector());
    const results = await all(c, 0, 10);
    assert.ok(results.every((r) => r.status === 'ok'));
    const s = sandbox.batchStats;
    assert.equal(s.batchesCreated, 2);
    assert.equal(s.linesExpired, 5);
    assert.equal(s.linesSubmitted, 15, '10 lines, then only the 5 that expired');
    const counts = Object.values(s.submissions);
    assert.equal(counts.filter((n) => n === 1).length, 5);
    assert.equal(counts.filter((n) => n === 2).length, 5);
  });

  it('a failed batch is re-submitted, and fails its lines loudly once they had their chances', async () => {
    sandbox.setBatchOptions({ latencyMs: 20, script: ['fail', 'fail'] });
    const c = client(collector({ maxSubmissions: 2 }));
    const results = await all(c, 0, 4);
    assert.equal(sandbox.batchStats.batchesCreated, 2);
    assert.ok(results.every((r) => r.status === 'failed' && /failed validation|not run in 2 batches/.test(r.failure.message)), JSON.stringify(results[0]));
    assert.equal(c.usage.failures, 4);
  });

  it('failed lines come back as failures, counted, never as answers', async () => {
    sandbox.setBatchOptions({ latencyMs: 20, failLines: 3 });
    const c = client(collector());
    const results = await all(c, 0, 8);
    const failed = results.filter((r) => r.status === 'failed');
    assert.equal(failed.length, 3);
    assert.ok(failed.every((r) => r.status === 'failed' && r.failure.kind === 'server' && r.failure.message.includes('500')));
    assert.equal(c.usage.failures, 3);
    assert.equal(sandbox.batchStats.linesSubmitted, 8, 'a failed line is not submitted again');
  });

  it('an endpoint without the Batch API fails at the first call, naming it, and trips the breaker', async () => {
    sandbox.setBatchOptions({ unsupported: true });
    const c = client(collector());
    const results = await all(c, 0, 3);
    assert.ok(results.every((r) => r.status === 'failed' && r.failure.kind === 'notFound'));
    const first = results[0];
    assert.ok(first?.status === 'failed' && first.failure.message.includes(`${sandbox.baseUrl} has no Batch API`), first?.status === 'failed' ? first.failure.message : '');
    assert.ok(c.halt !== undefined && c.halt.message.includes('has no Batch API'));
  });

  it('a resumed collector waits for the batches of the ledger instead of submitting their lines again', async () => {
    sandbox.setBatchOptions({ latencyMs: 300 });
    const file = join(dir, 'ledger-resume.json');
    const first = collector({ ledger: new BatchLedger(file) });
    const pending = all(client(first), 20, 30);
    await waitUntil(() => sandbox.batchStats.batchesCreated === 1);
    await new Promise((r) => setTimeout(r, 30));
    first.close(); // the process "dies": nothing read back
    assert.ok((await pending).every((r) => r.status === 'cancelled'));
    const ledger = new BatchLedger(file);
    assert.equal(ledger.inFlight().length, 1);
    const second = collector({ ledger });
    assert.equal(second.adoptedBatches, 1);
    const results = await all(client(second), 20, 30);
    assert.ok(results.every((r) => r.status === 'ok'));
    assert.equal(sandbox.batchStats.batchesCreated, 1);
    assert.ok(Object.values(sandbox.batchStats.submissions).every((n) => n === 1), 'no line submitted twice');
    assert.equal(new BatchLedger(file).inFlight().length, 0, 'the batch is marked read back');
  });

  it('a batch created just before a crash, not yet named in the ledger, is found by its input file and waited for', async () => {
    sandbox.setBatchOptions({ latencyMs: 100 });
    const ids = [50, 51, 52].map((i) => llmCacheKey({ provider: 'openai', baseUrl: sandbox.baseUrl, model: 'sandbox', kind: 'chat', payload: request(i).messages, params: { temperature: 0, ...request(i).params } }));
    const api = new BatchApi({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, endpoint: sandbox.baseUrl, timeoutMs: 5000 });
    const lines = [50, 51, 52].map((i, k) => JSON.stringify({ custom_id: ids[k], method: 'POST', url: '/v1/chat/completions', body: { model: 'sandbox', messages: request(i).messages, temperature: 0, max_tokens: 16 } }));
    const fileId = await api.upload(lines.join('\n') + '\n', 'crash.jsonl');
    const file = join(dir, 'ledger-crash.json');
    new BatchLedger(file).add({ id: `uploaded:${fileId}`, inputFileId: fileId, customIds: ids, createdAt: new Date().toISOString() });
    await api.create(fileId); // the process died here, before it could write the batch id
    const results = await all(client(collector({ ledger: new BatchLedger(file) })), 50, 53);
    assert.ok(results.every((r) => r.status === 'ok'), JSON.stringify(results[0]));
    assert.equal(sandbox.batchStats.batchesCreated, 1);
    assert.ok(Object.values(sandbox.batchStats.submissions).every((n) => n === 1), 'no line submitted twice');
    const entries = new BatchLedger(file).all();
    assert.ok(entries.length === 1 && entries[0]?.id.startsWith('batch_sim_') && entries[0].ended);
  });

  it('lines of a ledger batch the endpoint does not know (404) are submitted again, once', async () => {
    const file = join(dir, 'ledger-unknown.json');
    // custom_ids are the requests' cache keys, computed as LlmClient does.
    const ids = [40, 41, 42, 43, 44].map((i) => llmCacheKey({ provider: 'openai', baseUrl: sandbox.baseUrl, model: 'sandbox', kind: 'chat', payload: request(i).messages, params: { temperature: 0, ...request(i).params } }));
    new BatchLedger(file).add({ id: 'batch_gone', inputFileId: 'file-gone', customIds: ids, createdAt: new Date().toISOString() });
    const c = collector({ ledger: new BatchLedger(file) });
    const results = await all(client(c), 40, 45);
    assert.ok(results.every((r) => r.status === 'ok'), JSON.stringify(results[0]));
    assert.equal(sandbox.batchStats.batchesCreated, 1);
    assert.deepEqual(Object.keys(sandbox.batchStats.submissions).sort(), [...ids].sort());
    assert.ok(new BatchLedger(file).all().find((b) => b.id === 'batch_gone')?.ended);
  });

  it('a batch past its longest wait is cancelled and its lines fail with a timeout, not a hang', async () => {
    sandbox.setBatchOptions({ latencyMs: 60_000 });
    const c = new BatchCollector({
      api: new BatchApi({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, endpoint: sandbox.baseUrl, timeoutMs: 5000 }),
      ledger: new BatchLedger(undefined), firstPollMs: 20, maxPollMs: 20, maxWaitMs: 100,
    });
    collectors.push(c);
    const results = await all(client(c), 0, 3);
    assert.ok(results.every((r) => r.status === 'failed' && r.failure.kind === 'timeout' && /did not finish within 0.1 s/.test(r.failure.message)), JSON.stringify(results[0]));
    assert.equal(sandbox.batchStats.linesExpired, 3, 'the batch was cancelled on the endpoint');
  });

  it('an unreachable endpoint: each retry wait of a Batch API call is announced, then the lines fail as connection failures', async () => {
    const waits: string[] = [];
    const c = new BatchCollector({
      api: new BatchApi({ apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1', endpoint: 'http://127.0.0.1:9/v1', timeoutMs: 2000 }),
      ledger: new BatchLedger(undefined), apiAttempts: 2, onRetryWait: (message) => waits.push(message),
    });
    collectors.push(c);
    const results = await new LlmClient({ apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'sandbox', batch: c }).chatBatch([request(0), request(1)]);
    assert.ok(results.every((r) => r.status === 'failed' && r.failure.kind === 'connection'), JSON.stringify(results[0]));
    assert.equal(waits.length, 1);
    assert.match(waits[0] ?? '', /^http:\/\/127\.0\.0\.1:9\/v1: POST \/files failed: .*; trying again in 1 s \(attempt 2 of 2\)$/);
  });

  it('the budget guard refuses a batch that could exceed the call or money limit', () => {
    const lines = [0, 1, 2].map((i) => ({ customId: String(i), body: { model: 'gpt-4o-mini', messages: itemMessages(INSTRUCTION, 'x'.repeat(400)), max_tokens: 100 } }));
    const prices = { 'gpt-4o-mini': { inputPerMillion: 0.075, outputPerMillion: 0.3 } };
    const used = { ...ZERO_USAGE, requests: 8, costUsd: 0.001 };
    assert.match(batchBudgetGuard(() => used, { maxCalls: 10 }, prices)(lines) ?? '', /limit of 10 LLM calls/);
    assert.equal(batchBudgetGuard(() => used, { maxCalls: 11 }, prices)(lines), undefined);
    assert.match(batchBudgetGuard(() => used, { maxUsd: 0.00105 }, prices)(lines) ?? '', /money limit/);
    assert.equal(batchBudgetGuard(() => used, { maxUsd: 0.01 }, prices)(lines), undefined);
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
