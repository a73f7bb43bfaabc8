import assert from 'node:assert/strict';
import { parseOptimizeArgs, UsageError } from '../../../src/cli/optimizeArgs';
import { chooseWrite } from '../../../src/cli/writeChoice';
import type { HeldOutComparison, PortfolioItem } from '../../../src/core/pipeline/runEvents';
import type { RunResult } from '../../../src/core/pipeline/runTypes';

const test = (verdict: HeldOutComparison['verdict'], delta: number): HeldOutComparison => ({
  delta, interval: [delta - 0.1, delta + 0.1], pValue: 0.01, adjustedP: verdict === 'better' ? 0.02 : 0.2, verdict, pairedExamples: 60, method: 'mcnemar-exact', examplesNeeded: verdict === 'better' ? undefined : 400,
});
const item = (candidateId: number, t?: HeldOutComparison): PortfolioItem => ({ candidateId, text: `p${candidateId}`, score: 0.5, interval: [0.3, 0.7], examples: 20, testScore: 0.5, ...(t ? { test: t } : {}) });
const run = (portfolio: PortfolioItem[]): RunResult => ({
  status: 'done', runDir: '/r', portfolio, original: item(0), usage: { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 0, failures: 0 }, queries: 1, budget: 1, simulated: true, message: undefined,
});

describe('which prompt --write writes', () => {
  it('writes the first prompt the held-out test calls better, not the validation leader', () => {
    const choice = chooseWrite(run([item(4, test('no reliable difference', 0.05)), item(7, test('better', 0.2))]), false);
    assert.ok('item' in choice && choice.item.candidateId === 7 && !choice.forced);
  });

  it('writes nothing without a better prompt, unless forced', () => {
    const r = run([item(4, test('no reliable difference', 0.05)), item(5, test('worse', -0.2))]);
    const kept = chooseWrite(r, false);
    assert.ok('reason' in kept);
    assert.match(kept.reason, /^No reliable improvement over the original on 60 held-out test examples.*about 400 paired test examples.*; pass --force-write/);
    const forced = chooseWrite(r, true);
    assert.ok('item' in forced && forced.forced && forced.item.candidateId === 4);
    assert.ok('reason' in chooseWrite(run([item(0), item(3)]), true), 'the original still leading writes nothing, forced or not');
  });

  it('takes --force-write only with --write', () => {
    const base = ['--prompt', 'p.txt', '--data', 'd.jsonl'];
    assert.equal(parseOptimizeArgs([...base, '--write', '--force-write']).forceWrite, true);
    assert.equal(parseOptimizeArgs([...base, '--write']).forceWrite, false);
    assert.throws(() => parseOptimizeArgs([...base, '--force-write']), (e: unknown) => e instanceof UsageError && /--force-write only makes sense with --write/.test(e.message));
  });
});
