import assert from 'node:assert/strict';
import { encode } from 'gpt-tokenizer';
import { checkBudget, describeBudgetCheck } from '../../../src/core/cost/budget';
import { describeCost, estimateRun, type RunEstimateInput } from '../../../src/core/cost/costEstimator';
import { DEFAULT_PRICES, lookupPrice, mergePriceTables, parsePriceTable, priceTokens } from '../../../src/core/cost/priceTable';
import { countChatTokens, countTokens } from '../../../src/core/cost/tokenCount';

const plan: RunEstimateInput = {
  queries: 100,
  validationSize: 20,
  avgInstructionTokens: 30,
  avgInputTokens: 50,
  avgOutputTokens: 2,
  generationCalls: 10,
  avgGenerationPromptTokens: 400,
  avgGenerationOutputTokens: 60,
  embeddedTexts: 300,
  chatModel: 'gpt-4o-mini-2024-07-18',
  embeddingModel: 'text-embedding-3-small',
};

describe('token counting', () => {
  it('counts like gpt-tokenizer, and special-token text as plain text', () => {
    assert.equal(countTokens('Hello, world! How are you?'), encode('Hello, world! How are you?').length);
    assert.equal(countTokens(''), 0);
    assert.ok(countTokens('a <|endoftext|> b') > 3);
  });

  it('adds the chat framing per message', () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }];
    assert.equal(countChatTokens(messages), 3 + 3 + countTokens('Be brief.') + 3 + countTokens('Hi there'));
  });
});

describe('price table', () => {
  it('finds dated snapshots by their longest prefix, and nothing for unknown models', () => {
    assert.deepEqual(lookupPrice(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18'), DEFAULT_PRICES['gpt-4o-mini']);
    assert.deepEqual(lookupPrice(DEFAULT_PRICES, 'gpt-4o-2024-08-06'), DEFAULT_PRICES['gpt-4o']);
    assert.equal(lookupPrice(DEFAULT_PRICES, 'llama3:8b'), undefined);
    assert.equal(priceTokens(DEFAULT_PRICES, 'llama3:8b', 10, 10), undefined);
    assert.ok(Math.abs((priceTokens(DEFAULT_PRICES, 'gpt-4o', 1e6, 1e6) ?? 0) - 12.5) < 1e-9);
  });

  it('reads a user table, keeping valid entries and naming the invalid ones', () => {
    const parsed = parsePriceTable({ 'llama3:8b': { inputPerMillion: 0, outputPerMillion: 0 }, bad: { inputPerMillion: -1 } });
    assert.deepEqual(Object.keys(parsed.table), ['llama3:8b']);
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0] ?? '', /^bad:/);
    assert.equal(parsePriceTable([1]).errors.length, 1);
    const merged = mergePriceTables(DEFAULT_PRICES, parsed.table);
    assert.equal(priceTokens(merged, 'llama3:8b', 1000, 1000), 0);
  });
});

describe('run estimate and budget', () => {
  it('counts calls and tokens of evaluation, generation and embedding', () => {
    const e = estimateRun(plan, DEFAULT_PRICES);
    assert.equal(e.evaluationCalls, 2000);
    assert.equal(e.embeddingCalls, 2);
    assert.equal(e.calls, 2012);
    assert.equal(e.inputTokens, 2000 * (30 + 50 + 9) + 10 * 400);
    assert.equal(e.outputTokens, 2000 * 2 + 10 * 60);
    assert.equal(e.embeddingTokens, 300 * 30);
    const expected = (e.inputTokens * 0.15 + e.outputTokens * 0.6 + e.embeddingTokens * 0.02) / 1e6;
    assert.ok(Math.abs((e.costUsd ?? 0) - expected) < 1e-12);
    assert.match(describeCost(e), /^about \$0\.\d{4}$/);
  });

  it('says clearly when the cost is unknown', () => {
    const e = estimateRun({ ...plan, chatModel: 'mystery-model' }, DEFAULT_PRICES);
    assert.equal(e.costUsd, undefined);
    assert.deepEqual(e.unpricedModels, ['mystery-model']);
    assert.match(describeCost(e), /cost unknown: no price for mystery-model/);
  });

  it('names each limit an estimate exceeds', () => {
    const e = estimateRun(plan, DEFAULT_PRICES);
    assert.deepEqual(checkBudget(e, { maxQueries: 100, maxCalls: 5000, maxTokens: 1e6, maxUsd: 1 }), { ok: true, exceeded: [], unchecked: [] });
    const over = checkBudget(e, { maxQueries: 50, maxCalls: 100, maxUsd: 0.001 });
    assert.deepEqual(over.exceeded.map((x) => x.limit), ['queries', 'calls', 'usd']);
    assert.equal(over.ok, false);
    assert.equal(describeBudgetCheck(over).length, 3);
    // The limit as the user set it, not rounded to cents ($0.001 is not "$0.00").
    assert.match(describeBudgetCheck(over).join('\n'), /exceeds the limit of \$0\.001$/m);
  });

  it('does not pass a money limit it cannot check', () => {
    const e = estimateRun({ ...plan, chatModel: 'mystery-model' }, DEFAULT_PRICES);
    const check = checkBudget(e, { maxUsd: 100 });
    assert.deepEqual([check.ok, check.unchecked], [false, ['usd']]);
    assert.match(describeBudgetCheck(check).join(), /cannot be checked/);
  });
});
