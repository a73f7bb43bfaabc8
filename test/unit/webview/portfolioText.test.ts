import assert from 'node:assert/strict';
import type { HeldOutComparison, PortfolioItem } from '../../../src/core/pipeline/runEvents';
import { isPortfolioItem, isRunEvent } from '../../../src/shared/runEventGuards';
import { portfolioHeadline, portfolioLines } from '../../../src/webview/render/portfolioText';

const test = (over: Partial<HeldOutComparison>): HeldOutComparison => ({
  delta: 0.17, interval: [0.08, 0.26], pValue: 0.001, adjustedP: 0.003, verdict: 'better', pairedExamples: 100, method: 'mcnemar-exact', examplesNeeded: undefined, ...over,
});
const item = (candidateId: number, t?: HeldOutComparison): PortfolioItem => ({
  candidateId, text: `prompt ${candidateId}`, score: 0.7, interval: [0.5, 0.85], examples: 20, testScore: 0.6,
  ...(t === undefined ? {} : { test: t }), ...(candidateId === 0 ? {} : { validationPaired: { delta: 0.3, pairedExamples: 20 } }),
});

describe('panel portfolio text', () => {
  it('leads with the held-out verdict and offers Apply only for a better prompt', () => {
    const better = portfolioLines(item(3, test({})));
    assert.equal(better.verdict, 'better: +0.17 on 100 test examples, 95% CI +0.08..+0.26');
    assert.equal(better.canApply, true);
    assert.equal(better.details, 'validation 0.700 [0.500, 0.850] on 20 examples; +0.30 vs yours on the same 20 · test mean 0.600');
    const unsure = portfolioLines(item(4, test({ delta: 0.05, interval: [-0.04, 0.14], verdict: 'no reliable difference', examplesNeeded: 620 })));
    assert.equal(unsure.verdict, 'no reliable difference: +0.05 on 100 test examples, 95% CI -0.04..+0.14');
    assert.equal(unsure.canApply, false);
    assert.equal(portfolioLines(item(5, test({ delta: -0.2, interval: [-0.3, -0.1], verdict: 'worse' }))).canApply, false);
    assert.equal(portfolioLines(item(6)).canApply, false, 'an untested prompt is not offered');
    assert.equal(portfolioLines(item(6)).verdict, 'not tested');
    assert.equal(portfolioLines(item(0)).verdict, 'your prompt (the baseline)');
  });

  it('says plainly when no prompt is reliably better, and how many test examples would settle it', () => {
    const portfolio = [item(1, test({ delta: 0.05, interval: [-0.04, 0.14], verdict: 'no reliable difference', examplesNeeded: 620 })), item(2, test({ delta: -0.02, interval: [-0.1, 0.06], verdict: 'no reliable difference', examplesNeeded: 4000 }))];
    assert.equal(
      portfolioHeadline(portfolio),
      'No reliable improvement over the original on 100 held-out test examples (best +0.05 on 100 test examples, 95% CI -0.04..+0.14); about 620 paired test examples would settle a difference that size.',
    );
    assert.equal(portfolioHeadline([item(1, test({}))]), undefined, 'nothing to say when one is better');
    assert.equal(portfolioHeadline([item(1)]), undefined, 'nor for an untested run');
    const allWorse = [item(1, test({ delta: -0.2, interval: [-0.3, -0.1], verdict: 'worse' }))];
    assert.match(portfolioHeadline(allWorse) ?? '', /no returned prompt scored above it\.$/);
  });

  it('validates the verdict fields crossing into the webview', () => {
    const good = item(1, test({}));
    assert.ok(isPortfolioItem(good));
    assert.ok(isPortfolioItem(JSON.parse(JSON.stringify(good))), 'survives JSON (examplesNeeded undefined is dropped)');
    assert.equal(isPortfolioItem({ ...good, test: { ...good.test, verdict: 'probably better' } }), false);
    assert.equal(isPortfolioItem({ ...good, test: { ...good.test, interval: [0.1] } }), false);
    assert.equal(isPortfolioItem({ ...good, validationPaired: { delta: 'x', pairedExamples: 3 } }), false);
    const usage = { requests: 1, promptTokens: 1, completionTokens: 1, costUsd: 0, cacheHits: 0, failures: 0 };
    assert.ok(isRunEvent({ type: 'done', portfolio: [good], original: item(0), usage, queries: 3, runDir: '/r' }));
    assert.equal(isRunEvent({ type: 'done', portfolio: [{ ...good, test: { ...good.test, method: 'vibes' } }], original: item(0), usage, queries: 3, runDir: '/r' }), false);
  });
});
