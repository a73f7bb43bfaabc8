/**
 * Live usage priced per model: each chat model's tokens (the chat model's answers, the
 * writer's candidates, the judge's gradings) at its own price, and what no chat model
 * accounts for (embeddings) at the chat model's price, as a run with one model always was.
 */
import { priceTokens, type PriceTable } from '../cost/priceTable';
import type { ModelUsage } from '../llm/usageMeter';
import type { ModelUsageSnapshot } from './runEvents';

/** The priced breakdown: the total money (undefined when a model has no price) and each model's line. */
export interface PricedUsage {
  readonly costUsd: number | undefined;
  readonly models: readonly ModelUsageSnapshot[];
}

/** Prices `byModel` and the rest of `totals`; see the module comment. The simulated model is free. */
export function priceByModel(
  prices: PriceTable,
  totals: { readonly promptTokens: number; readonly completionTokens: number },
  byModel: readonly ModelUsage[],
  chatModel: string,
  simulated: boolean,
): PricedUsage {
  let costUsd: number | undefined = 0;
  let prompt = totals.promptTokens;
  let completion = totals.completionTokens;
  const models: ModelUsageSnapshot[] = [];
  for (const m of byModel) {
    const cost = simulated ? 0 : priceTokens(prices, m.model, m.promptTokens, m.completionTokens);
    models.push({ ...m, costUsd: cost });
    costUsd = costUsd === undefined || cost === undefined ? undefined : costUsd + cost;
    prompt -= m.promptTokens;
    completion -= m.completionTokens;
  }
  const rest = simulated ? 0 : priceTokens(prices, chatModel, Math.max(0, prompt), Math.max(0, completion));
  costUsd = costUsd === undefined || rest === undefined ? undefined : costUsd + rest;
  return { costUsd, models };
}
