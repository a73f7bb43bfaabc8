/**
 * The up-front estimate of a one-prompt evaluation (`zopo eval`): one answer per example not
 * yet in the cache, and with the `judge` metric one grading per such answer (a cached answer's
 * grading is cached too), each model at its own price; checked against the limits like a run.
 */
import { checkBudget, describeBudgetCheck } from '../cost/budget';
import { describeCost, estimateRun, type RunEstimate } from '../cost/costEstimator';
import type { PriceTable } from '../cost/priceTable';
import { countTokensApart } from '../cost/tokenCountsApart';
import type { Example } from '../data/datasetTypes';
import { exampleInputText } from '../prompt/chatMessages';
import { describeModels, judgeEstimateInput, judgeInstructionTokens, modelLines } from './modelEstimates';
import type { RunConfig } from './runConfig';
import { baseTest, mean, type RunEstimateView } from './runEstimate';
import { judgeModelOf } from './runModels';

/** Estimates the calls for `uncached` of `total` examples; see the module comment. */
export async function estimateEvaluation(config: RunConfig, total: number, uncached: readonly Example[], prices: PriceTable, simulated: boolean): Promise<RunEstimateView> {
  const sample = uncached.slice(0, 200);
  const { counts } = await countTokensApart([config.promptText, ...sample.map((e) => exampleInputText(e)), ...sample.map((e) => e.output)]);
  const inputTokens = mean(counts.slice(1, 1 + sample.length));
  const outputTokens = mean(counts.slice(1 + sample.length)) + 2;
  const answers = estimateRun(
    { queries: 1, validationSize: uncached.length, ...baseTest(config, counts[0] ?? 0, inputTokens, outputTokens) },
    prices,
  );
  const judgeModel = judgeModelOf(config);
  const judging = judgeModel === undefined ? undefined : estimateRun(judgeEstimateInput(config, uncached.length, await judgeInstructionTokens(config), inputTokens, outputTokens), prices);
  const models = [...modelLines(answers, config.model, 'answers', answers.evaluationCalls), ...(judging === undefined || judgeModel === undefined ? [] : modelLines(judging, judgeModel, 'judges', judging.evaluationCalls))];
  const whole = judging === undefined ? answers : add(answers, judging);
  const estimate: RunEstimate = simulated ? { ...whole, costUsd: 0, unpricedModels: [] } : whole;
  const check = checkBudget({ queries: 0, calls: estimate.calls, tokens: estimate.tokens, costUsd: estimate.costUsd }, config.limits);
  const judged = judging === undefined ? '' : ` (${judging.evaluationCalls} of them judge calls)`;
  const cost = simulated ? 'free (simulated)' : describeCost(estimate);
  const summary = `${total} examples, ${total - uncached.length} answered from the cache; about ${estimate.calls} LLM calls${judged} and ${estimate.tokens} tokens, ${cost}${describeModels(models, simulated)}`;
  return { estimate, check, summary, problems: describeBudgetCheck(check) };
}

function add(a: RunEstimate, b: RunEstimate): RunEstimate {
  return {
    ...a,
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    tokens: a.tokens + b.tokens,
    costUsd: a.costUsd === undefined || b.costUsd === undefined ? undefined : a.costUsd + b.costUsd,
    unpricedModels: [...new Set([...a.unpricedModels, ...b.unpricedModels])],
  };
}

