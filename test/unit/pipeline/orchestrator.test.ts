import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOptimization } from '../../../src/core/pipeline/orchestrator';
import type { EvaluationEntry } from '../../../src/core/pipeline/runFileTypes';
import { parseRunRecord } from '../../../src/core/runs/runRecord';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { EventLog, FAST_RETRIES, makeWorkspace, sandboxFor, smallConfig, totalRequests, type Workspace } from './pipelineFixtures';

function readEvaluations(runDir: string): EvaluationEntry[] {
  return readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as EvaluationEntry);
}

describe('orchestrator against the sandbox', () => {
  let ws: Workspace;
  let sandbox: SandboxHandle | undefined;

  before(() => {
    ws = makeWorkspace();
  });
  after(() => ws.cleanup());
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('runs end to end: original evaluated first, portfolio tested beside it, files and events complete', async () => {
    sandbox = await sandboxFor(ws);
    const log = new EventLog();
    const runDir = ws.path('e2e');
    const result = await runOptimization(smallConfig(ws, sandbox), { runDir, onEvent: log.listener, apiKey: 'sk-secret-test-key' });
    assert.equal(result.status, 'done');
    assert.equal(result.queries, 16);
    assert.equal(result.simulated, true);
    const search = readEvaluations(runDir).filter((e) => e.kind === 'search');
    assert.equal(search[0]?.candidate, 0, 'the original is the first evaluation');
    assert.equal(search[0]?.reason, 'original');
    assert.equal(search.reduce((s, e) => s + e.repeats, 0), 16);
    assert.equal(log.of('evaluationFinished').length, search.length);
    assert.ok(search.every((e) => e.results.length === e.repeats * 5));
    assert.equal(result.original.candidateId, 0);
    assert.equal(typeof result.original.testScore, 'number');
    assert.ok(result.portfolio.length >= 1 && result.portfolio.every((p) => typeof p.testScore === 'number'));
    const phases = log.of('phase').map((e) => e.phase).filter((p, i, all) => all.indexOf(p) === i);
    // `reevaluating` (the original scored on the portfolio's validation examples, for pairing) comes
    // only when the portfolio saw examples the original did not.
    assert.deepEqual(phases.filter((p) => p !== 'reevaluating'), ['loading', 'estimating', 'generating', 'embedding', 'searching', 'testing', 'finished']);
    if (phases.includes('reevaluating')) assert.equal(phases.indexOf('reevaluating'), phases.indexOf('searching') + 1);
    assert.equal(log.events.at(-1)?.type, 'done');
    const record = parseRunRecord(readFileSync(join(runDir, 'run.json'), 'utf8'));
    assert.ok(typeof record !== 'string');
    assert.equal(record.status, 'done');
    assert.equal(record.portfolio.length, result.portfolio.length);
    for (const file of ['config.json', 'candidates.json', 'portfolio.json', 'run.json', 'evaluations.jsonl', 'llm-cache.jsonl']) {
      assert.ok(existsSync(join(runDir, file)), file);
      assert.ok(!readFileSync(join(runDir, file), 'utf8').includes('sk-secret-test-key'), `${file} holds no secret`);
    }
    assert.equal(result.usage.requests, totalRequests(sandbox));
  });

  it('completes under 429s, 5xx, malformed, dropped and slow responses with usage equal to the server\'s counts', async () => {
    sandbox = await sandboxFor(ws, { rateLimitRate: 0.08, retryAfterSeconds: 0.01, serverErrorRate: 0.08, malformedRate: 0.05, dropRate: 0.04, latencyMs: 2, jitterMs: 15 });
    const log = new EventLog();
    const result = await runOptimization(smallConfig(ws, sandbox), { runDir: ws.path('faults'), onEvent: log.listener, clientOptions: FAST_RETRIES });
    assert.equal(result.status, 'done');
    assert.equal(result.queries, 16);
    const stats = sandbox.stats;
    assert.ok(stats.rateLimited + stats.serverErrors + stats.malformed + stats.dropped > 10, 'faults were injected');
    assert.equal(result.usage.requests, totalRequests(sandbox));
    assert.equal(result.usage.promptTokens, stats.promptTokens);
    assert.equal(result.usage.completionTokens, stats.completionTokens);
    assert.equal(result.usage.failures, 0);
    assert.deepEqual(log.of('usage').at(-1)?.usage, result.usage);
  });

  it('is reproducible: the same seed evaluates the same candidates in the same order', async () => {
    sandbox = await sandboxFor(ws, { latencyMs: 1, jitterMs: 10 });
    const config = smallConfig(ws, sandbox, { concurrency: 6 });
    await runOptimization(config, { runDir: ws.path('same-a') });
    await runOptimization(config, { runDir: ws.path('same-b') });
    const path = (dir: string): string[] => readEvaluations(ws.path(dir)).map((e) => `${e.kind}:${e.candidate}:${e.reason}:${e.correct}`);
    assert.deepEqual(path('same-b'), path('same-a'));
  });

  it('reports a request failure per example and keeps scoring the rest', async () => {
    sandbox = await sandboxFor(ws, { serverErrorRate: 0.15 });
    const log = new EventLog();
    const result = await runOptimization(smallConfig(ws, sandbox), { runDir: ws.path('failures'), onEvent: log.listener, clientOptions: { ...FAST_RETRIES, maxRetries: 0 } });
    assert.equal(result.status, 'done');
    const failed = log.of('evaluationFinished').reduce((s, e) => s + e.failedExamples, 0);
    assert.ok(failed > 0);
    assert.ok(log.of('warning').some((w) => w.message.includes('failed after retries')));
    assert.equal(result.usage.requests, totalRequests(sandbox));
  });
});
