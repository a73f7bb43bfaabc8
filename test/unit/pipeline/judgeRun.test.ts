/**
 * The judge metric end to end on the sandbox, with the open-ended example (short support
 * replies): every judge request is counted at the server, so the cache, the estimate, the
 * usage per model, the retry, failed gradings and an unknown judge model are checked
 * against what the endpoint really saw.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICES } from '../../../src/core/cost/priceTable';
import { JudgeLink } from '../../../src/core/eval/judgeClient';
import { resumeOptimization, runOptimization } from '../../../src/core/pipeline/orchestrator';
import { makeRunConfig, type RunConfig, type RunConfigInput } from '../../../src/core/pipeline/runConfig';
import { RunFailedError } from '../../../src/core/pipeline/runErrors';
import { estimateAndCheck } from '../../../src/core/pipeline/runEstimate';
import type { EvaluationEntry } from '../../../src/core/pipeline/runFileTypes';
import { loadRunInputs } from '../../../src/core/pipeline/runInputs';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle, SandboxOptions } from '../../../src/core/sandbox/sandboxTypes';
import { EventLog, FAST_RETRIES, ROOT } from './pipelineFixtures';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const DATA = join(EXAMPLE, 'data/support.jsonl');
const TEST = join(EXAMPLE, 'data/support.test.jsonl');
const PROMPT = readFileSync(join(EXAMPLE, 'prompts/support.prompt'), 'utf8');
const RUBRIC = readFileSync(join(EXAMPLE, 'rubric.md'), 'utf8');

function rows(file: string): { input: string; output: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string });
}

function serve(options: Omit<SandboxOptions, 'datasets'> = {}): Promise<SandboxHandle> {
  return startSandbox({ datasets: [{ name: 'support', items: [...rows(DATA), ...rows(TEST)] }], seed: 5, ...options });
}

function judgedConfig(sandbox: SandboxHandle, overrides: Partial<RunConfigInput> = {}): RunConfig {
  return makeRunConfig({
    promptText: PROMPT,
    promptSource: join(EXAMPLE, 'prompts/support.prompt'),
    dataFile: DATA,
    testDataFile: TEST,
    provider: 'sandbox',
    baseUrl: sandbox.baseUrl,
    metric: { name: 'judge', rubric: RUBRIC, model: 'sandbox-judge' },
    generatorModel: 'sandbox-writer',
    budget: 12,
    validationSize: 6,
    candidateCount: 12,
    concurrency: 4,
    seed: 2,
    ...overrides,
  });
}

function evaluations(runDir: string): EvaluationEntry[] {
  if (!existsSync(join(runDir, 'evaluations.jsonl'))) return [];
  return readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as EvaluationEntry);
}

describe('the judge metric on the sandbox (support replies)', () => {
  let dir: string;
  let sandbox: SandboxHandle | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-judge-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('optimizes with judge calls in the estimate, the usage per model and the cache: a repeated run sends no judge request', async () => {
    sandbox = await serve();
    const cacheFile = join(dir, 'cache.jsonl');
    const log = new EventLog();
    const first = await runOptimization(judgedConfig(sandbox), { runDir: join(dir, 'a'), cacheFile, onEvent: log.listener, clientOptions: FAST_RETRIES });
    assert.equal(first.status, 'done');
    const estimate = log.of('phase').find((e) => e.phase === 'estimating')?.detail ?? '';
    assert.match(estimate, /\((\d+) of them judge calls\)/);
    assert.match(estimate, /sandbox-judge judges: \d+ calls/);
    assert.match(estimate, /sandbox-writer writes candidates: \d+ calls/);
    const judged = sandbox.judgeStats.requests;
    assert.ok(judged > 0, 'the judge was asked');
    const byModel = new Map((first.usage.models ?? []).map((m) => [m.model, m]));
    assert.equal(byModel.get('sandbox-judge')?.requests, judged, 'every judge request is in the usage, under the judge model');
    assert.ok((byModel.get('sandbox-writer')?.requests ?? 0) > 0, 'the writer model wrote the candidates');
    assert.ok((byModel.get('sandbox')?.requests ?? 0) > 0, 'the chat model answered');
    const judgedEstimate = Number(/\((\d+) of them judge calls\)/.exec(estimate)?.[1]);
    assert.ok(judged <= judgedEstimate, `the estimate (${judgedEstimate}) covers the judge calls made (${judged})`);
    // Per-example details carry the judge's reasoning, and scores are graded, not 0/1.
    const results = evaluations(join(dir, 'a')).flatMap((e) => e.results);
    assert.ok(results.every((r) => r.failed || /^judge: \(simulated judge\) The answer has \d+ of the reference's \d+ key words/.test(r.detail ?? '')), 'reasoning in the details');
    assert.ok(results.some((r) => r.score > 0 && r.score < 1), 'partial credit');
    assert.ok(results.some((r) => r.score === 1), 'a reply equal to the reference gets full marks');

    sandbox.resetStats();
    const second = await runOptimization(judgedConfig(sandbox), { runDir: join(dir, 'b'), cacheFile, clientOptions: FAST_RETRIES });
    assert.equal(sandbox.judgeStats.requests, 0, 'no new judge request');
    assert.equal(sandbox.stats.requests.chat, 0, 'no chat request at all');
    assert.equal(second.usage.requests, 0);
    assert.ok(second.usage.cacheHits >= judged);
    assert.deepEqual(second.portfolio.map((p) => p.testScore), first.portfolio.map((p) => p.testScore));
  });

  it('a resumed run pays for no grading twice: both sessions together ask the judge what one whole run asks', async () => {
    sandbox = await serve();
    const whole = await runOptimization(judgedConfig(sandbox), { runDir: join(dir, 'whole'), clientOptions: FAST_RETRIES });
    assert.equal(whole.status, 'done');
    const wholeJudged = sandbox.judgeStats.requests;
    sandbox.resetStats();
    const stop = new AbortController();
    const first = await runOptimization(judgedConfig(sandbox), {
      runDir: join(dir, 'cut'), stopSignal: stop.signal, clientOptions: FAST_RETRIES,
      onEvent: (e) => { if (e.type === 'evaluationFinished' && e.queries >= 4) stop.abort(); },
    });
    assert.equal(first.status, 'cancelled');
    const firstJudged = sandbox.judgeStats.requests;
    assert.ok(firstJudged > 0 && firstJudged < wholeJudged, `the first session graded part of the run (${firstJudged} of ${wholeJudged})`);
    const resumed = await resumeOptimization(join(dir, 'cut'), { clientOptions: FAST_RETRIES });
    assert.equal(resumed.status, 'done');
    assert.equal(sandbox.judgeStats.requests, wholeJudged, 'the resume asked only what the first session had not');
    assert.deepEqual(resumed.portfolio.map((p) => p.testScore), whole.portfolio.map((p) => p.testScore));
  });

  it('asks again after a reply without a score, and counts an output never graded as a failed grading, out of the score', async () => {
    const ungradable = rows(TEST)[0]?.output ?? '';
    sandbox = await serve({ judge: { noScoreReplies: 1, noScoreWhen: ungradable } });
    const result = await runOptimization(judgedConfig(sandbox), { runDir: join(dir, 'a'), clientOptions: FAST_RETRIES });
    assert.equal(result.status, 'done');
    const tests = evaluations(join(dir, 'a')).filter((e) => e.kind === 'test');
    const ungraded = tests.flatMap((e) => e.results).filter((r) => r.ungraded === true);
    assert.equal(ungraded.length, tests.length, 'that example is ungraded once for each tested prompt');
    assert.ok(ungraded.every((r) => r.expected === ungradable && r.failed && /grading failed: the judge gave no score twice/.test(r.detail ?? '')));
    assert.ok(tests.every((e) => e.total === 15 && e.failed === 1), 'left out of the score, not scored 0');
    assert.equal(result.failedGradings, ungraded.length + evaluations(join(dir, 'a')).filter((e) => e.kind !== 'test').flatMap((e) => e.results).filter((r) => r.ungraded === true).length);
    assert.ok(sandbox.judgeStats.noScore >= 1 + 2 * ungraded.length, 'the one-off miss was asked again and scored');
  });

  it('fails the run when no output can be graded, never a run of zeros', async () => {
    sandbox = await serve({ judge: { noScoreWhen: '' } });
    await assert.rejects(runOptimization(judgedConfig(sandbox), { runDir: join(dir, 'a'), clientOptions: FAST_RETRIES }), (error: unknown) => {
      assert.ok(error instanceof RunFailedError);
      assert.match(error.message, /the original prompt could not be scored: all 6 of its requests failed \(grading failed: the judge gave no score twice/);
      return true;
    });
    assert.equal(evaluations(join(dir, 'a')).length, 0, 'nothing logged as a score');
  });

  it('stops at the first call when the endpoint does not have the judge model', async () => {
    sandbox = await serve({ models: ['sandbox', 'sandbox-writer'] });
    await assert.rejects(runOptimization(judgedConfig(sandbox, { metric: { name: 'judge', model: 'gpt-judge-nope' } }), { runDir: join(dir, 'a'), clientOptions: FAST_RETRIES }), (error: unknown) => {
      assert.ok(error instanceof RunFailedError);
      assert.match(error.message, /404 The model does not exist/);
      return true;
    });
    assert.ok(sandbox.stats.notFound >= 1 && sandbox.stats.notFound <= 4, `stopped after ${sandbox.stats.notFound} refused calls (concurrency 4)`);
    assert.equal(sandbox.judgeStats.requests, 0);
    assert.equal(evaluations(join(dir, 'a')).length, 0, 'no evaluation of zeros is logged');
  });

  it('counts the judge in the money and call limits, at the judge model\'s own price', async () => {
    sandbox = await serve();
    const priced = { provider: 'openai' as const, model: 'gpt-4o-mini', embeddingModel: '', metric: { name: 'judge' as const, model: 'gpt-4o' }, generatorModel: 'gpt-4o-mini' };
    const byMoney = await runOptimization(judgedConfig(sandbox, { ...priced, limits: { maxUsd: 0.004 } }), { runDir: join(dir, 'usd'), allowOverBudget: true, apiKey: 'k', clientOptions: FAST_RETRIES });
    assert.match(byMoney.message ?? '', /money limit of \$0.004 is reached/);
    const judge = byMoney.usage.models?.find((m) => m.model === 'gpt-4o');
    assert.ok(judge && judge.requests > 0);
    assert.ok(Math.abs((judge.costUsd ?? 0) - (judge.promptTokens * 2.5 + judge.completionTokens * 10) / 1e6) < 1e-12, 'the judge at gpt-4o prices');
    assert.ok((byMoney.usage.costUsd ?? 0) >= 0.004);
    assert.ok(byMoney.queries < 12, 'stopped before the budget');
    const byCalls = await runOptimization(judgedConfig(sandbox, { ...priced, limits: { maxCalls: 60 } }), { runDir: join(dir, 'calls'), allowOverBudget: true, apiKey: 'k', clientOptions: FAST_RETRIES });
    assert.match(byCalls.message ?? '', /limit of 60 LLM calls is reached/);
    assert.ok((byCalls.usage.models?.find((m) => m.model === 'gpt-4o')?.requests ?? 0) > 0, 'judge calls are among the counted calls');
  });

  it('prices each model at its own price in the estimate', async () => {
    const estimateWith = async (judgeModel: string, generatorModel: string) => {
      const config = makeRunConfig({ promptText: PROMPT, promptSource: 'p', dataFile: DATA, testDataFile: TEST, model: 'gpt-4o-mini', generatorModel, metric: { name: 'judge', model: judgeModel }, budget: 20, validationSize: 8 });
      const inputs = await loadRunInputs(config, { allowCustomCode: false, judge: new JudgeLink().judge });
      return (await estimateAndCheck(config, inputs, DEFAULT_PRICES, false)).estimate;
    };
    const cheap = await estimateWith('gpt-4o-mini', 'gpt-4o-mini');
    const dear = await estimateWith('gpt-4o', 'gpt-4.1');
    const line = (e: typeof cheap, role: string) => e.models?.find((m) => m.role === role);
    assert.equal(cheap.judgeCalls, 20 * 8 + 1 * 8 + 6 * 16, 'one judge call per graded example: search, the original paired on one more batch (20 queries / 20), and test');
    assert.equal(line(dear, 'answers')?.costUsd, line(cheap, 'answers')?.costUsd, 'the chat model is priced as before');
    // gpt-4o costs 2.5/10 per million tokens, gpt-4o-mini 0.15/0.6: both 16.67 times as much.
    const ratio = (line(dear, 'judges')?.costUsd ?? 0) / (line(cheap, 'judges')?.costUsd ?? 1);
    assert.ok(Math.abs(ratio - 2.5 / 0.15) < 1e-6, `judge priced at gpt-4o (ratio ${ratio})`);
    assert.ok((line(dear, 'writes candidates')?.costUsd ?? 0) > (line(cheap, 'writes candidates')?.costUsd ?? 0));
    const sum = (dear.models ?? []).reduce((s, m) => s + (m.costUsd ?? 0), 0);
    assert.ok(Math.abs(sum - (dear.costUsd ?? 0)) < 1e-4 + (dear.costUsd ?? 0) * 0.01, 'the lines add up to the total (plus embeddings)');
  });
});
