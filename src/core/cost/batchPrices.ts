/**
 * Batch API prices. OpenAI bills batch requests at half the synchronous price ("50% cost
 * discount compared to synchronous APIs": https://platform.openai.com/docs/guides/batch,
 * and the Batch column of https://platform.openai.com/docs/pricing, as published in 2025).
 * A price-table entry may give its own `batchInputPerMillion` / `batchOutputPerMillion`
 * (another provider's discount); otherwise the batch price is the chat price times
 * {@link BATCH_DISCOUNT}. Check them before trusting a figure.
 */
import type { ModelPrice, PriceTable } from './priceTable';

/** Batch price / synchronous price when an entry gives no batch price of its own. */
export const BATCH_DISCOUNT = 0.5;

/** A model's price in batch mode. */
export function batchPrice(price: ModelPrice): ModelPrice {
  return {
    inputPerMillion: price.batchInputPerMillion ?? price.inputPerMillion * BATCH_DISCOUNT,
    outputPerMillion: price.batchOutputPerMillion ?? price.outputPerMillion * BATCH_DISCOUNT,
  };
}

/** The table every run in batch mode prices its chat calls with. */
export function batchPriceTable(table: PriceTable): PriceTable {
  return Object.fromEntries(Object.entries(table).map(([model, price]) => [model, batchPrice(price)]));
}

/** `table`, or its batch prices when the run uses the Batch API. */
export function pricesForRun(table: PriceTable, batch: boolean): PriceTable {
  return batch ? batchPriceTable(table) : table;
}
