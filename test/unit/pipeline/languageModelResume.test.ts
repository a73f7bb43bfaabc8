import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resumeOptimization, runOptimization } from '../../../src/core/pipeline/orchestrator';
import { RunDirectoryError } from '../../../src/core/pipeline/runErrors';
import type { RunEvent } from '../../../src/core/pipeline/runEvents';
import type { RunResult } from '../../../src/core/pipeline/runTypes';
import { fixedCandidates, smallConfig, useSandboxWorkspace } from './pipelineFixtures';
import { startSessionProxy, type SessionProxy } from './sessionProxy';

const generate = fixedCandidates((original) => [original, 'Give the antonym of the word.', 'Reply with the opposite word, lower case.', 'Say the word back.', 'Write the opposite.']);

/**
 * A run through VS Code's Language Model API goes to a loopback proxy that is new each
 * session (port and key): a resume after a window reload must use the proxy of its own
 * session, and find the answers logged through the old one in the cache.
 */
describe('resuming a run recorded through VS Code\'s Language Model API', function () {
  this.timeout(60_000);
  const env = useSandboxWorkspace();
  const lmConfig = (proxy: SessionProxy, extra: { languageModelApi?: boolean } = { languageModelApi: true }) =>
    smallConfig(env.ws, env.sandbox, { provider: 'openai', baseUrl: proxy.baseUrl, model: 'sandbox', embeddingModel: '', concurrency: 1, ...extra });

  /** Session 1: cut off (as by a reload) with an evaluation half done; its proxy then goes away. */
  async function cutOffRun(name: string, extra?: { languageModelApi?: boolean }): Promise<{ runDir: string; first: RunResult; proxy: SessionProxy }> {
    const runDir = env.ws.path(name);
    const proxy = await startSessionProxy(env.sandbox.baseUrl, 'first-session-key');
    const cut = new AbortController();
    let finished = 0;
    const onEvent = (e: RunEvent): void => {
      // Two answers into the evaluations after the original's, the next request is never answered.
      if (e.type === 'evaluationFinished' && ++finished === 1) proxy.holdAfter(2, () => cut.abort());
    };
    try {
      const first = await runOptimization(lmConfig(proxy, extra), { runDir, apiKey: proxy.apiKey, signal: cut.signal, onEvent, generate });
      assert.equal(first.status, 'cancelled');
      return { runDir, first, proxy };
    } finally {
      await proxy.close();
    }
  }

  it('continues on this session\'s proxy and key, asking nothing already answered', async () => {
    const { runDir, first, proxy: old } = await cutOffRun('lm-reload');
    assert.ok(first.queries < 16, 'the run was cut off');
    const stored = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { languageModelApi?: boolean; baseUrl: string };
    assert.equal(stored.languageModelApi, true, 'the config records the Language Model API');
    const proxy = await startSessionProxy(env.sandbox.baseUrl, 'second-session-key');
    try {
      const endpoint = { baseUrl: proxy.baseUrl, model: 'sandbox', languageModelApi: true };
      const resumed = await resumeOptimization(runDir, { apiKey: proxy.apiKey, endpoint, generate });
      assert.equal(resumed.status, 'done');
      assert.equal(resumed.queries, 16, 'the run spends the rest of its budget');
      assert.equal(proxy.unauthorized, 0, 'this session\'s key went along');
      assert.ok(proxy.answered.length > 0, 'the rest was asked of this session\'s proxy');
      const before = new Set(old.answered);
      assert.deepEqual(proxy.answered.filter((body) => before.has(body)), [], 'no answer of the first session is asked for again');
      assert.ok(resumed.usage.cacheHits > first.usage.cacheHits, 'the half-done evaluation\'s answers came from the cache');
      assert.equal((JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { baseUrl: string }).baseUrl, stored.baseUrl, 'the config is left as recorded');
    } finally {
      await proxy.close();
    }
  });

  it('is refused without the Language Model API (the CLI, another endpoint, another model), before anything is sent', async () => {
    const { runDir } = await cutOffRun('lm-refused');
    const proxy = await startSessionProxy(env.sandbox.baseUrl, 'other-key');
    try {
      const refused = (pattern: RegExp) => (e: unknown) => e instanceof RunDirectoryError && pattern.test(e.message);
      await assert.rejects(resumeOptimization(runDir, { generate }), refused(/went through VS Code's Language Model API, which only the editor serves: resume it in VS Code/));
      await assert.rejects(resumeOptimization(runDir, { endpoint: { baseUrl: proxy.baseUrl, model: 'sandbox' }, generate }), refused(/Language Model API, not the endpoint http:\/\/127\.0\.0\.1:\d+\/v1/));
      await assert.rejects(resumeOptimization(runDir, { endpoint: { baseUrl: proxy.baseUrl, model: 'other-model', languageModelApi: true }, generate }), refused(/the run used the model sandbox, not other-model/));
      assert.deepEqual(proxy.answered, []);
    } finally {
      await proxy.close();
    }
  });

  it('a run recorded with an endpoint of its own is not resumed through the Language Model API', async () => {
    const { runDir } = await cutOffRun('not-lm', {});
    const proxy = await startSessionProxy(env.sandbox.baseUrl, 'lm-key');
    try {
      const endpoint = { baseUrl: proxy.baseUrl, model: 'sandbox', languageModelApi: true };
      await assert.rejects(resumeOptimization(runDir, { apiKey: proxy.apiKey, endpoint, generate }), (e: unknown) => e instanceof RunDirectoryError && /the run used the endpoint http:\/\/127\.0\.0\.1:\d+\/v1, not VS Code's Language Model API/.test(e.message));
      assert.deepEqual(proxy.answered, []);
    } finally {
      await proxy.close();
    }
  });
});
