import assert from 'node:assert/strict';
import { clientJudge } from '../../../src/core/eval/judgeClient';
import { buildJudgeMessages, createJudgeScorer } from '../../../src/core/eval/llmJudge';
import { looksOpenEnded } from '../../../src/core/eval/metricSuggestion';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';

const REFERENCE = 'Go to Account > Subscription > Cancel. You keep access until the end of the billing period.';

describe('the sandbox judge, through the real client', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await startSandbox({ seed: 3, models: ['gpt-4o-mini'] });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.resetStats();
    sandbox.setJudgeOptions({});
  });

  const client = (): LlmClient => new LlmClient({ provider: 'sandbox', baseUrl: sandbox.baseUrl, apiKey: 'k', chatModel: 'gpt-4o-mini', maxRetries: 0 });

  it('grades by overlap with the reference, deterministically, with a labelled reasoning line and "Score: N"', async () => {
    const scorer = createJudgeScorer({}, clientJudge(client(), 'sandbox-judge'));
    const same = await scorer(REFERENCE, REFERENCE);
    const close = await scorer('Open Account > Subscription and press Cancel.', REFERENCE);
    const off = await scorer('Our store ships to Canada in 5 to 8 days.', REFERENCE);
    assert.equal(same.score, 1);
    assert.ok(close.score > off.score && close.score < 1, `${close.score} vs ${off.score}`);
    assert.match(close.detail ?? '', /^judge: \(simulated judge\) The answer has \d+ of the reference's \d+ key words; missing: .+\. \(\d+\/10\)$/);
    assert.deepEqual(await scorer('Open Account > Subscription and press Cancel.', REFERENCE), close, 'deterministic');
    assert.equal(sandbox.judgeStats.requests, 4);
  });

  it('counts the terms a rubric quotes', async () => {
    const judge = clientJudge(client(), 'sandbox-judge');
    const rubric = createJudgeScorer({ rubric: 'The reply must say "sorry" and mention "refund".' }, judge);
    const polite = await rubric('Sorry! Your refund is on its way.', 'We refunded you.');
    const curt = await rubric('Done.', 'We refunded you.');
    assert.ok(polite.score > curt.score);
    assert.match(polite.detail ?? '', /uses 2 of the 2 terms the rubric asks for/);
  });

  it('replies without a score when told to: the scorer asks again once, then fails the grading', async () => {
    const scorer = createJudgeScorer({}, clientJudge(client(), 'sandbox-judge'));
    sandbox.setJudgeOptions({ noScoreReplies: 1 });
    const retried = await scorer(REFERENCE, REFERENCE);
    assert.equal(retried.score, 1);
    assert.match(retried.detail ?? '', /asked twice/);
    sandbox.setJudgeOptions({ noScoreWhen: 'billing period' });
    const failed = await scorer(REFERENCE, REFERENCE);
    assert.equal(failed.failed, true);
    assert.deepEqual({ ...sandbox.judgeStats }, { requests: 4, noScore: 3 });
  });

  it('answers a model it does not serve with a 404, and a failed judge call is a failed grading', async () => {
    const llm = client();
    const direct = await llm.chat({ model: 'gpt-judge-nope', messages: buildJudgeMessages({ rubric: 'r', output: 'a' }) });
    assert.equal(direct.status, 'failed');
    assert.equal(direct.status === 'failed' ? direct.failure.status : 0, 404);
    const scorer = createJudgeScorer({}, clientJudge(client(), 'gpt-judge-nope'));
    const graded = await scorer('a', 'b');
    assert.equal(graded.failed, true);
    assert.match(graded.detail ?? '', /grading failed: the judge model "gpt-judge-nope" did not answer: .*404/);
    assert.equal(sandbox.judgeStats.requests, 0);
    const served = await client().chat({ messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(served.status, 'ok', 'the listed model and sandbox-… names are served');
  });

  it('tells free-text outputs from labels and short answers', () => {
    assert.equal(looksOpenEnded([REFERENCE, 'Yes, we ship to Canada. Delivery takes 5 to 8 business days.', 'You can pause for up to 3 months under Account settings.']), true);
    assert.equal(looksOpenEnded(['positive', 'negative', 'positive']), false);
    assert.equal(looksOpenEnded(['cold', 'hot', 'up']), false);
    assert.equal(looksOpenEnded([]), false);
  });
});
