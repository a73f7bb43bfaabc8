/**
 * The up-front estimate of a run (calls, tokens from a real tokenizer, money from the price
 * table) and the budget check on it, before anything is generated or evaluated. Generation
 * is counted at the generator's call cap, so the estimate errs on the high side.
 */
import { defaultMaxCalls } from '../candidates/candidateGenerator';
import { checkBudget, describeBudgetCheck, type BudgetCheck } from '../cost/budget';
import { describeCost, estimateRun, type RunEstimate } from '../cost/costEstimator';
import type { PriceTable } from '../cost/priceTable';
import { countTokensApart } from '../cost/tokenCountsApart';
import { exampleInputText } from '../prompt/chatMessages';
import type { RunConfig } from './runConfig';
import type { RunInputs } from './runInputs';
import { describeModels, judgeEstimateInput, judgeInstructionTokens, modelLines } from './modelEstimates';
import { judgeModelOf } from './runModels';

/** Examples of generation context: APE shows 5 demos per meta-prompt. */
const DEMOS_PER_GENERATION_CALL = 5;
/** Meta-prompt wording around the demos, in tokens. */
const GENERATION_FRAMING_TOKENS = 120;
/** Candidates one generation reply carries on average (rewrite requests ask for several). */
const CANDIDATES_PER_REPLY = 2;
/**
 * Fresh validation batches the original is scored on after the search, to be paired with the
 * most re-evaluated prompt of the portfolio, per query of the budget: one per 20 (the leader of a
 * 165-query sandbox run of examples/antonyms had 7 extra batches; this counts 9).
 */
const PAIRING_BATCHES_PER_QUERY = 1 / 20;

/** The estimate, its check against the limits, and one line to show. */
export interface RunEstimateView {
  readonly estimate: RunEstimate;
  readonly check: BudgetCheck;
  readonly summary: string;
  readonly problems: readonly string[];
}


/**
 * Estimates the whole run (search, the original's pairing, generation, embeddings, test set,
 * and the judge's gradings) and checks the limits. Each model is priced at its own price (modelEstimates.ts).
 */
export async function estimateAndCheck(config: RunConfig, inputs: RunInputs, prices: PriceTable, simulated: boolean): Promise<RunEstimateView> {
  const sample = inputs.split.validation.slice(0, 200);
  const { counts } = await countTokensApart([config.promptText, ...sample.map((e) => exampleInputText(e)), ...sample.map((e) => e.output)]);
  const instructionTokens = counts[0] ?? 0;
  const inputTokens = mean(counts.slice(1, 1 + sample.length));
  const outputTokens = mean(counts.slice(1 + sample.length)) + 2;
  const batchSize = inputs.split.sampler.batchSize;
  const search = estimateRun({ ...baseTest(config, instructionTokens, inputTokens, outputTokens), queries: config.budget, validationSize: batchSize }, prices);
  const writing = estimateRun(
    {
      ...baseTest(config, instructionTokens, inputTokens, outputTokens),
      queries: 0,
      validationSize: 0,
      generationCalls: defaultMaxCalls(config.candidateCount + 1),
      avgGenerationPromptTokens: GENERATION_FRAMING_TOKENS + instructionTokens + DEMOS_PER_GENERATION_CALL * (inputTokens + outputTokens),
      avgGenerationOutputTokens: CANDIDATES_PER_REPLY * instructionTokens * 1.5,
      embeddedTexts: config.embeddingModel === '' ? 0 : config.candidateCount + 1,
      chatModel: config.generatorModel,
      embeddingModel: config.embeddingModel,
    },
    prices,
  );
  const testSize = Math.min(config.testLimit, inputs.split.test.length);
  const test = estimateRun(
    { ...baseTest(config, instructionTokens, inputTokens, outputTokens), queries: config.portfolioSize + 1, validationSize: testSize },
    prices,
  );
  // The original is paired on batches it lacks, never more than the pool holds besides its own.
  const pairingExamples = Math.min(Math.max(0, inputs.split.validation.length - batchSize), Math.ceil(config.budget * PAIRING_BATCHES_PER_QUERY) * batchSize);
  const pairing = estimateRun({ ...baseTest(config, instructionTokens, inputTokens, outputTokens), queries: pairingExamples > 0 ? 1 : 0, validationSize: pairingExamples }, prices);
  const answers = sumEstimates(sumEstimates(search, pairing), test);
  const graded = answers.evaluationCalls;
  const judgeModel = judgeModelOf(config);
  const judging = judgeModel === undefined ? undefined : estimateRun(judgeEstimateInput(config, graded, await judgeInstructionTokens(config), inputTokens, outputTokens), prices);
  const models = [
    ...modelLines(answers, config.model, 'answers', answers.evaluationCalls),
    ...modelLines(writing, config.generatorModel, 'writes candidates', writing.generationCalls),
    ...(judging === undefined || judgeModel === undefined ? [] : modelLines(judging, judgeModel, 'judges', judging.evaluationCalls)),
  ];
  const whole = sumEstimates(sumEstimates(answers, writing), judging === undefined ? undefined : { ...judging, evaluationCalls: 0 });
  const estimate = simulatedCost({ ...whole, queries: config.budget, judgeCalls: judging?.evaluationCalls ?? 0, models }, simulated);
  const check = checkBudget({ queries: config.budget, calls: estimate.calls, tokens: estimate.tokens, costUsd: estimate.costUsd }, config.limits);
  const judged = judging === undefined ? '' : ` (${judging.evaluationCalls} of them judge calls)`;
  const summary = `${config.budget} queries, about ${estimate.calls} LLM calls${judged} and ${estimate.tokens} tokens, ${simulated ? 'free (simulated)' : describeCost(estimate)}${describeModels(models, simulated)}`;
  return { estimate, check, summary, problems: describeBudgetCheck(check) };
}

/** The estimate input of answering only (no candidate generation): the test split's, and `zopo eval`'s. */
export function baseTest(config: RunConfig, instructionTokens: number, inputTokens: number, outputTokens: number) {
  return {
    avgInstructionTokens: instructionTokens,
    avgInputTokens: inputTokens,
    avgOutputTokens: outputTokens,
    generationCalls: 0,
    avgGenerationPromptTokens: 0,
    avgGenerationOutputTokens: 0,
    chatModel: config.model,
  };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function sumEstimates(a: RunEstimate, b: RunEstimate | undefined): RunEstimate {
  if (b === undefined) return a;
  const unpriced = [...new Set([...a.unpricedModels, ...b.unpricedModels])];
  return {
    queries: a.queries,
    calls: a.calls + b.calls,
    evaluationCalls: a.evaluationCalls + b.evaluationCalls,
    generationCalls: a.generationCalls + b.generationCalls,
    embeddingCalls: a.embeddingCalls + b.embeddingCalls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    embeddingTokens: a.embeddingTokens + b.embeddingTokens,
    tokens: a.tokens + b.tokens,
    costUsd: a.costUsd === undefined || b.costUsd === undefined ? undefined : a.costUsd + b.costUsd,
    unpricedModels: unpriced,
  };
}

/** The simulated model costs nothing, whatever model name it answers to. */
function simulatedCost(estimate: RunEstimate, simulated: boolean): RunEstimate {
  return simulated ? { ...estimate, costUsd: 0, unpricedModels: [] } : estimate;
}
