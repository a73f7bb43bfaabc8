/**
 * Up-front estimate of what a run will spend: calls, tokens and money. One query
 * evaluates one candidate prompt on `validationSize` examples, so evaluation costs
 * queries x validationSize chat calls; candidate generation and embedding come on top.
 */
import { priceTokens, type PriceTable } from './priceTable';

/** Framing tokens of a system + user request and the reply priming (see tokenCount.ts). */
const EVAL_FRAMING_TOKENS = 3 * 2 + 3;
/** Texts per embeddings request when the pool is embedded in batches. */
export const EMBEDDING_BATCH_SIZE = 256;

/** What the estimator needs to know about a planned run. Lengths are in tokens. */
export interface RunEstimateInput {
  readonly queries: number;
  readonly validationSize: number;
  readonly avgInstructionTokens: number;
  readonly avgInputTokens: number;
  readonly avgOutputTokens: number;
  /** Chat calls that write candidate prompts (meta-prompts, rewrites). */
  readonly generationCalls: number;
  readonly avgGenerationPromptTokens: number;
  readonly avgGenerationOutputTokens: number;
  /** Candidate texts to embed; 0 or absent when embeddings are local. */
  readonly embeddedTexts?: number;
  readonly chatModel: string;
  readonly embeddingModel?: string;
}

/** A run's estimated spend. `costUsd` is `undefined` when some model's price is unknown. */
export interface RunEstimate {
  readonly queries: number;
  readonly calls: number;
  readonly evaluationCalls: number;
  readonly generationCalls: number;
  readonly embeddingCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly embeddingTokens: number;
  readonly tokens: number;
  readonly costUsd: number | undefined;
  /** Models without a price; non-empty exactly when `costUsd` is undefined. */
  readonly unpricedModels: readonly string[];
  /** Of `calls`, those that grade answers (the judge metric). */
  readonly judgeCalls?: number;
  /** Calls, tokens and money per model and role (chat model, writer, judge), each at its own price. */
  readonly models?: readonly { readonly model: string; readonly role: string; readonly calls: number; readonly tokens: number; readonly costUsd: number | undefined }[];
}

/** Estimates a run's calls, tokens and cost against a price table. */
export function estimateRun(input: RunEstimateInput, prices: PriceTable): RunEstimate {
  const evaluationCalls = input.queries * input.validationSize;
  const evalInput = evaluationCalls * (input.avgInstructionTokens + input.avgInputTokens + EVAL_FRAMING_TOKENS);
  const evalOutput = evaluationCalls * input.avgOutputTokens;
  const genInput = input.generationCalls * input.avgGenerationPromptTokens;
  const genOutput = input.generationCalls * input.avgGenerationOutputTokens;
  const embeddedTexts = input.embeddedTexts ?? 0;
  const embeddingCalls = Math.ceil(embeddedTexts / EMBEDDING_BATCH_SIZE);
  const embeddingTokens = embeddedTexts * input.avgInstructionTokens;

  const inputTokens = Math.round(evalInput + genInput);
  const outputTokens = Math.round(evalOutput + genOutput);
  const unpricedModels: string[] = [];
  let costUsd: number | undefined = priceTokens(prices, input.chatModel, inputTokens, outputTokens);
  if (costUsd === undefined) unpricedModels.push(input.chatModel);
  if (embeddingCalls > 0 && input.embeddingModel !== undefined) {
    const embedCost = priceTokens(prices, input.embeddingModel, embeddingTokens, 0);
    if (embedCost === undefined) unpricedModels.push(input.embeddingModel);
    costUsd = costUsd === undefined || embedCost === undefined ? undefined : costUsd + embedCost;
  }
  return {
    queries: input.queries,
    calls: evaluationCalls + input.generationCalls + embeddingCalls,
    evaluationCalls,
    generationCalls: input.generationCalls,
    embeddingCalls,
    inputTokens,
    outputTokens,
    embeddingTokens: Math.round(embeddingTokens),
    tokens: inputTokens + outputTokens + Math.round(embeddingTokens),
    costUsd,
    unpricedModels,
  };
}

/** A short human sentence for the cost, saying clearly when it is unknown. */
export function describeCost(estimate: RunEstimate): string {
  if (estimate.costUsd === undefined) {
    return `cost unknown: no price for ${estimate.unpricedModels.join(', ')} (add it to the price table)`;
  }
  return `about $${estimate.costUsd.toFixed(estimate.costUsd < 1 ? 4 : 2)}`;
}
