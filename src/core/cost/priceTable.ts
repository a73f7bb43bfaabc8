/**
 * Prices per model in USD per one million tokens. The defaults are OpenAI's list prices
 * as published in 2025 (standard tier, no batch or cached-input discounts): check them
 * before trusting a figure, and override them in the user's price table. A model that is
 * in neither table has an unknown cost, which the estimator reports as unknown, never 0.
 */

/** USD per 1M tokens for one model. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** Batch API prices; absent: half the above (batchPrices.ts). */
  readonly batchInputPerMillion?: number;
  readonly batchOutputPerMillion?: number;
}

/** Model name -> price. Keys are model names or snapshot prefixes ("gpt-4o-mini"). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Built-in defaults; the sandbox is free because nothing is paid for. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'text-embedding-ada-002': { inputPerMillion: 0.1, outputPerMillion: 0 },
  sandbox: { inputPerMillion: 0, outputPerMillion: 0 },
};

/**
 * The price of `model`: an exact entry, else the longest entry that is a prefix of the
 * model followed by "-" (so dated snapshots such as "gpt-4o-mini-2024-07-18" find
 * "gpt-4o-mini", not "gpt-4o"). `undefined` means the cost is unknown.
 */
export function lookupPrice(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(`${key}-`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** Cost in USD of a token count, or `undefined` when the model's price is unknown. */
export function priceTokens(
  table: PriceTable,
  model: string,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  const price = lookupPrice(table, model);
  if (price === undefined) return undefined;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1e6;
}

/** The outcome of reading a user's price table: what was valid, and what was not. */
export interface ParsedPriceTable {
  readonly table: PriceTable;
  readonly errors: readonly string[];
}

/**
 * Reads a user-edited table such as `{"my-model": {"inputPerMillion": 1, "outputPerMillion": 2}}`.
 * Invalid entries are left out and described in `errors`; the rest is kept.
 */
export function parsePriceTable(value: unknown): ParsedPriceTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { table: {}, errors: ['the price table must be an object of model name -> price'] };
  }
  const table: Record<string, ModelPrice> = {};
  const errors: string[] = [];
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    const price = readPrice(entry);
    if (price === undefined) {
      errors.push(`${model}: expected {"inputPerMillion": number >= 0, "outputPerMillion": number >= 0}`);
    } else {
      table[model] = price;
    }
  }
  return { table, errors };
}

function readPrice(entry: unknown): ModelPrice | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { inputPerMillion, outputPerMillion, batchInputPerMillion, batchOutputPerMillion } = entry as Record<string, unknown>;
  if (!isPrice(inputPerMillion) || !isPrice(outputPerMillion)) return undefined;
  if ((batchInputPerMillion !== undefined && !isPrice(batchInputPerMillion)) || (batchOutputPerMillion !== undefined && !isPrice(batchOutputPerMillion))) return undefined;
  return {
    inputPerMillion,
    outputPerMillion,
    ...(batchInputPerMillion === undefined ? {} : { batchInputPerMillion }),
    ...(batchOutputPerMillion === undefined ? {} : { batchOutputPerMillion }),
  };
}

function isPrice(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** The defaults overridden (and extended) by the user's entries. */
export function mergePriceTables(base: PriceTable, overrides: PriceTable): PriceTable {
  return { ...base, ...overrides };
}
