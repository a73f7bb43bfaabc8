import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runOptimization } from '../../../src/core/pipeline/orchestrator';
import { BudgetExceededError } from '../../../src/core/pipeline/runErrors';
import { EventLog, fixedCandidates, smallConfig, totalRequests, useSandboxWorkspace } from './pipelineFixtures';

describe('budget and cost limits', () => {
  const env = useSandboxWorkspace();

  it('says so when the candidates run out before the budget does', async () => {
    const three = fixedCandidates((original) => [original, `${original} Answer with one word.`, `Give the antonym. ${original}`]);
    const result = await runOptimization(smallConfig(env.ws, env.sandbox, { budget: 60 }), { runDir: env.ws.path('few'), generate: three });
    assert.equal(result.status, 'done');
    assert.ok(result.queries < 60, `${result.queries} queries`);
    assert.equal(result.message, `the search had no more candidates to try after ${result.queries} of 60 queries`);
    assert.ok(result.portfolio.every((p) => p.testScore !== undefined), 'the prompts are still tested');
  });

  it('refuses to start a run whose estimate exceeds the call limit: nothing sent, nothing written', async () => {
    const log = new EventLog();
    const runDir = env.ws.path('refused');
    await assert.rejects(runOptimization(smallConfig(env.ws, env.sandbox, { limits: { maxCalls: 20 } }), { runDir, onEvent: log.listener }), (error: unknown) => {
      assert.ok(error instanceof BudgetExceededError);
      assert.match(error.message, /calls/);
      assert.ok(error.estimate.calls > 20);
      return true;
    });
    assert.equal(totalRequests(env.sandbox), 0);
    assert.equal(existsSync(runDir), false);
    assert.deepEqual(log.events.at(-1), { type: 'failed', message: log.of('failed')[0]?.message, runDir: undefined });
  });

  it('prices a paid model from the table and refuses a run over the money limit', async () => {
    const config = smallConfig(env.ws, env.sandbox, { provider: 'openai', model: 'gpt-4o', embeddingModel: 'text-embedding-3-small', limits: { maxUsd: 0.0001 } });
    await assert.rejects(runOptimization(config, { runDir: env.ws.path('costly') }), (error: unknown) => {
      assert.ok(error instanceof BudgetExceededError);
      assert.ok((error.estimate.costUsd ?? 0) > 0.0001);
      assert.match(error.message, /\$/);
      return true;
    });
    assert.equal(totalRequests(env.sandbox), 0);
  });

  it('a money limit on a model without a price cannot be checked, so the run does not start', async () => {
    const config = smallConfig(env.ws, env.sandbox, { provider: 'openai', model: 'my-local-model', embeddingModel: '', limits: { maxUsd: 1 } });
    await assert.rejects(runOptimization(config, { runDir: env.ws.path('unpriced') }), /cannot be checked/);
  });

  it('starts when the user confirms the estimate, and stops live at the call limit', async () => {
    const log = new EventLog();
    let asked = 0;
    const confirmEstimate = (): boolean => {
      asked++;
      return true;
    };
    const config = smallConfig(env.ws, env.sandbox, { limits: { maxCalls: 60 } });
    const result = await runOptimization(config, { runDir: env.ws.path('live'), onEvent: log.listener, confirmEstimate });
    assert.equal(asked, 1);
    assert.equal(result.status, 'done');
    assert.match(result.message ?? '', /limit of 60 LLM calls/);
    assert.ok(result.usage.requests <= 60, `${result.usage.requests} requests`);
    assert.ok(totalRequests(env.sandbox) <= 60);
    assert.ok(result.portfolio.every((p) => p.testScore === undefined), 'the test set is skipped at a limit');
    assert.ok(log.of('warning').some((w) => w.message.includes('stopped early')));
  });
});
