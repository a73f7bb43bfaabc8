import assert from 'node:assert/strict';
import { DEFAULT_PRICES, priceTokens } from '../../../src/core/cost/priceTable';
import { priceByModel } from '../../../src/core/pipeline/modelUsage';

describe('usage priced per model', () => {
  it('prices each chat model at its own price and the rest (embeddings) at the chat model\'s', () => {
    const byModel = [
      { model: 'gpt-4o-mini', requests: 10, promptTokens: 1000, completionTokens: 200 },
      { model: 'gpt-4o', requests: 10, promptTokens: 3000, completionTokens: 300 },
    ];
    const priced = priceByModel(DEFAULT_PRICES, { promptTokens: 4500, completionTokens: 500 }, byModel, 'gpt-4o-mini', false);
    const expected = (priceTokens(DEFAULT_PRICES, 'gpt-4o-mini', 1000, 200) ?? 0) + (priceTokens(DEFAULT_PRICES, 'gpt-4o', 3000, 300) ?? 0) + (priceTokens(DEFAULT_PRICES, 'gpt-4o-mini', 500, 0) ?? 0);
    assert.ok(Math.abs((priced.costUsd ?? 0) - expected) < 1e-12);
    assert.equal(priced.models[1]?.costUsd, priceTokens(DEFAULT_PRICES, 'gpt-4o', 3000, 300));
  });

  it('is unknown when one model has no price, and free on the simulated model', () => {
    const byModel = [{ model: 'mystery', requests: 1, promptTokens: 10, completionTokens: 1 }];
    assert.equal(priceByModel(DEFAULT_PRICES, { promptTokens: 10, completionTokens: 1 }, byModel, 'gpt-4o-mini', false).costUsd, undefined);
    assert.equal(priceByModel(DEFAULT_PRICES, { promptTokens: 10, completionTokens: 1 }, byModel, 'gpt-4o-mini', true).costUsd, 0);
  });
});
