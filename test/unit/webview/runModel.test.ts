import assert from 'node:assert/strict';
import type { RunEvent } from '../../../src/core/pipeline/runEvents';
import { isRunEvent } from '../../../src/shared/runEventGuards';
import { applyEvents, emptyModel, etaSeconds, evaluatedRows, meanScore, restoreModel, type RunModel } from '../../../src/webview/runModel';

const usage = { requests: 10, promptTokens: 100, completionTokens: 20, costUsd: 0.01, cacheHits: 0, failures: 0 };

function evaluation(candidateId: number, queries: number, score: number, failedExamples = 0): RunEvent {
  return { type: 'evaluationFinished', candidateId, queries, budget: 10, score, examples: 20, failedExamples, reason: 'gradient' };
}

const candidates: RunEvent = {
  type: 'candidates',
  candidates: [
    { id: 0, text: 'original', origin: 'original', xy: [0, 0] },
    { id: 1, text: 'a', origin: 'induction', xy: [1, 0] },
    { id: 2, text: 'b', origin: 'paraphrase', xy: [0, 1] },
  ],
};

describe('panel run model', () => {
  it('folds evaluations into per-candidate means, the best-so-far trace and the search path', () => {
    const m = applyEvents(emptyModel(), [candidates, evaluation(0, 1, 0.5), evaluation(2, 2, 0.8), evaluation(1, 3, 0.6), evaluation(2, 5, 0.7)], 0);
    assert.deepEqual(m.trace.map((p) => p.best), [0.5, 0.8, 0.8, 0.8]);
    assert.deepEqual(m.path, [0, 2, 1]);
    const row2 = m.candidates[2];
    assert.ok(row2);
    assert.equal(meanScore(row2), 0.75);
    assert.equal(row2.examples, 40);
    assert.equal(m.queries, 5);
    assert.deepEqual(evaluatedRows(m, 'score', true, 10).map((r) => r.id), [2, 1, 0]);
    assert.deepEqual(evaluatedRows(m, 'score', false, 2).map((r) => r.id), [0, 1]);
  });

  it('estimates the time left from the pace so far', () => {
    const m = emptyModel();
    applyEvents(m, [candidates, { type: 'phase', phase: 'searching' }], 1000);
    applyEvents(m, [evaluation(0, 4, 0.5)], 9000);
    // 8 s for 4 queries, 6 to go.
    assert.equal(etaSeconds(m), 12);
  });

  it('records the outcome and survives a JSON round trip through webview state', () => {
    const item = { candidateId: 2, text: 'b', score: 0.8, interval: [0.7, 0.9] as const, examples: 60, testScore: 0.78 };
    const m = applyEvents(emptyModel(), [
      { type: 'candidates', candidates: [{ id: 5, text: 'x', origin: 'induction', xy: [0, 0] }] },
      { type: 'done', portfolio: [item], original: { ...item, candidateId: 0 }, usage, queries: 10, runDir: '/r' },
    ], 0);
    assert.equal(m.outcome, 'done');
    const restored = restoreModel(JSON.parse(JSON.stringify(m)) as RunModel);
    assert.equal(restored.candidates[5]?.text, 'x');
    assert.equal(restored.candidates[0], undefined);
    assert.equal(restored.portfolio[0]?.testScore, 0.78);
  });

  it('counts failed gradings from the per-example results, then takes the run\'s own count', () => {
    const graded = { exampleIndex: 0, output: 'o', expected: 'e', score: 0.7, failed: false, detail: 'judge: fine (7/10)' };
    const ungraded = { exampleIndex: 1, output: 'o', expected: 'e', score: 0, failed: true, ungraded: true, detail: 'grading failed: no score' };
    const finished: RunEvent = { ...evaluation(0, 1, 0.7, 1), results: [graded, ungraded] } as RunEvent;
    assert.equal(isRunEvent(finished), true);
    assert.equal(isRunEvent({ ...finished, results: [{ ...ungraded, ungraded: 'yes' }] }), false);
    const m = applyEvents(emptyModel(), [candidates, finished], 0);
    assert.equal(m.failedGradings, 1);
    const item = { candidateId: 0, text: 'original', score: 0.7, interval: [0.6, 0.8] as const, examples: 2, testScore: 0.7 };
    applyEvents(m, [{ type: 'done', portfolio: [], original: item, usage, queries: 1, runDir: '/r', failedGradings: 3 }], 0);
    assert.equal(m.failedGradings, 3);
  });

  it('accepts usage split by model, and rejects a malformed model line', () => {
    const models = [{ model: 'gpt-4o-mini', requests: 4, promptTokens: 60, completionTokens: 10, costUsd: 0.001 }, { model: 'gpt-4o', requests: 6, promptTokens: 40, completionTokens: 10, costUsd: undefined }];
    assert.equal(isRunEvent({ type: 'usage', usage: { ...usage, models } }), true);
    assert.equal(isRunEvent({ type: 'usage', usage: { ...usage, models: [{ model: 'x' }] } }), false);
  });

  it('accepts well-formed run events and rejects malformed ones', () => {
    assert.equal(isRunEvent(evaluation(1, 1, 0.5)), true);
    assert.equal(isRunEvent(candidates), true);
    assert.equal(isRunEvent({ type: 'usage', usage }), true);
    assert.equal(isRunEvent({ type: 'usage', usage: { ...usage, requests: '1' } }), false);
    assert.equal(isRunEvent({ type: 'phase', phase: 'dancing' }), false);
    assert.equal(isRunEvent({ type: 'evaluationFinished', candidateId: 1 }), false);
    assert.equal(isRunEvent({ type: 'toString' }), false);
    assert.equal(isRunEvent({ type: 'candidates', candidates: [{ id: 1, text: 'a', origin: 'o', xy: [1] }] }), false);
  });

  it('shows an endpoint wait until its time has passed or the run ends', () => {
    const wait: RunEvent = { type: 'waiting', reason: 'rateLimit', seconds: 30, message: 'rate limited by http://h/v1: every request waits 30 s' };
    assert.equal(isRunEvent(wait), true);
    assert.equal(isRunEvent({ ...wait, reason: 'sleepy' }), false);
    const m = applyEvents(emptyModel(), [{ type: 'phase', phase: 'searching' }, wait], 1000);
    assert.deepEqual(m.waiting, { message: 'rate limited by http://h/v1: every request waits 30 s', until: 31_000 });
    applyEvents(m, [{ type: 'usage', usage }], 20_000);
    assert.ok(m.waiting !== undefined, 'still waiting');
    applyEvents(m, [{ type: 'usage', usage }], 31_000);
    assert.equal(m.waiting, undefined);
    applyEvents(m, [wait, { type: 'failed', message: 'x', runDir: undefined }], 40_000);
    assert.equal(m.waiting, undefined);
  });
});
