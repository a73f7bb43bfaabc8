/**
 * Scoring ONE prompt on a dataset (`zopo eval`), with the pieces an optimization run uses:
 * the same inputs and scorer, the same LLM client (cache, retries, rate limits, breaker),
 * the same evaluator and the same usage limits. Answers already in the cache cost nothing
 * and are left out of the estimate; a limit reached mid-way stops the calls (what was
 * answered stays cached, so a rerun continues from it).
 */
import { setMaxListeners } from 'node:events';
import { DiskCache } from '../cache/diskCache';
import type { BudgetLimits } from '../cost/budget';
import type { RunEstimate } from '../cost/costEstimator';
import { DEFAULT_PRICES, priceTokens } from '../cost/priceTable';
import type { UsageCounters } from '../llm/llmTypes';
import { buildMessages } from '../prompt/chatMessages';
import type { SandboxHandle } from '../sandbox/sandboxTypes';
import { JudgeLink } from '../eval/judgeClient';
import { buildClient } from './orchestrator';
import type { EvaluationScore } from './candidateEvaluator';
import { estimateEvaluation } from './evalEstimate';
import { loadEvalInputs, type EvalInputs, type EvalSelection } from './evalInputs';
import { priceByModel, type PricedUsage } from './modelUsage';
import type { RunConfig } from './runConfig';
import { judgeModelOf } from './runModels';
import { BudgetExceededError, RunFailedError } from './runErrors';
import type { UsageSnapshot } from './runEvents';
import type { RunEstimateView } from './runEstimate';
import type { RunOptions } from './runTypes';
import { sandboxDatasetOf, startRunSandbox } from './sandboxProvider';
import { evaluateOnTestSet } from './testStage';
import { UsageTracker, ZERO_USAGE } from './usageTracker';

/** How the evaluation runs: the optimization's options that make sense for one prompt. */
export type PromptEvaluationOptions = Pick<RunOptions, 'apiKey' | 'prices' | 'clientOptions' | 'allowOverBudget' | 'confirmEstimate' | 'signal' | 'stopSignal'> & {
  /** The cache file; undefined: no cache. */
  readonly cacheFile?: string;
  readonly allowCustomCode?: boolean;
  /** Warnings, waits and the estimate, one line each. */
  readonly onNotice?: (message: string) => void;
  /** Sees the loaded inputs before any call; throws to refuse them (e.g. a baseline without a shared example). */
  readonly checkInputs?: (inputs: EvalInputs) => void;
};

/** A finished (or stopped) evaluation. */
export interface PromptEvaluation {
  /** `stopped`: a graceful stop or a cancel ended it before every example was scored. */
  readonly status: 'done' | 'stopped';
  readonly inputs: EvalInputs;
  /** The scores, in the order of `inputs.examples`; undefined when stopped. */
  readonly score: EvaluationScore | undefined;
  readonly usage: UsageSnapshot;
  readonly estimate: RunEstimate;
  readonly simulated: boolean;
}

/** Scores `config.promptText` on the selected examples; see the module comment. */
export async function evaluatePrompt(config: RunConfig, selection: EvalSelection, options: PromptEvaluationOptions): Promise<PromptEvaluation> {
  const notice = options.onNotice ?? ((): void => undefined);
  const simulated = config.provider === 'sandbox';
  // The judge metric's scorer is built with the inputs; its calls go through the client made below.
  const judgeLink = new JudgeLink();
  const judge = config.metric.name === 'judge' ? { judge: judgeLink.judge } : {};
  const inputs = await loadEvalInputs(config, selection, { allowCustomCode: options.allowCustomCode ?? false, ...judge });
  let sandbox: SandboxHandle | undefined;
  let cache: DiskCache | undefined;
  const stop = new AbortController();
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  setMaxListeners(0, signal);
  try {
    options.checkInputs?.(inputs);
    for (const message of inputs.warnings) notice(message);
    if (simulated && config.baseUrl === '') {
      sandbox = await startRunSandbox([sandboxDatasetOf(config.dataFile, inputs.dataset.examples, inputs.template.variables.length > 0)], config.seed, [config.model]);
    }
    cache = options.cacheFile === undefined ? undefined : DiskCache.open(options.cacheFile, { onWarning: notice });
    const prices = options.prices ?? DEFAULT_PRICES;
    let limitMessage: string | undefined;
    const checkLimits = (): void => {
      // Called on usage changes, which begin after the tracker below exists.
      const reached = overLimit(tracker.snapshot(), config.limits);
      if (reached === undefined || limitMessage !== undefined) return;
      limitMessage = reached;
      stop.abort();
    };
    const llm = buildClient(config, options, sandbox, cache, checkLimits);
    judgeLink.attach(llm, judgeModelOf(config));
    const price = (input: number, output: number): number | undefined => (simulated ? 0 : priceTokens(prices, config.model, input, output));
    // Each model (the answers', the judge's) at its own price, as in a run.
    const perModel = (live: Readonly<UsageCounters>): PricedUsage => priceByModel(prices, live, llm.usageByModel, config.model, simulated);
    const tracker = new UsageTracker(() => llm.usage, ZERO_USAGE, price, config.limits, () => undefined, perModel);
    const params = { temperature: 0, maxTokens: config.maxOutputTokens };
    const uncached = inputs.examples.filter((e) => !llm.hasCachedChat({ messages: buildMessages(inputs.template, e, inputs.bindings), params }));
    const estimate = await checkEstimate(await estimateEvaluation(config, inputs.examples.length, uncached, prices, simulated), options, notice);
    let halt: string | undefined;
    const unobserve = llm.observe({
      onHalt: (h) => {
        halt ??= h.message;
        stop.abort();
      },
      onWait: (w) => notice(w.message),
    });
    const ctx = { llm, scorer: inputs.scorer, bindings: inputs.bindings, maxOutputTokens: config.maxOutputTokens };
    const control = { signal, parallel: config.concurrency, ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }) };
    const scores = await evaluateOnTestSet(ctx, [{ id: 0, template: inputs.template }], inputs.examples, control);
    unobserve();
    const usage = tracker.snapshot();
    if (halt !== undefined) throw new RunFailedError(halt);
    if (limitMessage !== undefined) throw new RunFailedError(`stopped: ${limitMessage} (the answers so far are cached: a rerun with a higher limit continues from them)`);
    const score = scores.get(0);
    if (score === undefined) return { status: 'stopped', inputs, score, usage, estimate, simulated };
    if (score.total === 0) throw new RunFailedError(`the prompt could not be scored: all ${score.failed} examples failed (${score.failure ?? 'no answer'})`);
    return { status: 'done', inputs, score, usage, estimate, simulated };
  } finally {
    await inputs.scorer.close?.();
    await sandbox?.close();
    cache?.close();
  }
}

/** Shows the estimate; over a limit, the evaluation starts only if allowed or confirmed. */
async function checkEstimate(view: RunEstimateView, options: PromptEvaluationOptions, notice: (message: string) => void): Promise<RunEstimate> {
  notice(view.summary);
  if (view.check.ok || options.allowOverBudget === true) return view.estimate;
  if (options.confirmEstimate !== undefined && (await options.confirmEstimate(view))) return view.estimate;
  throw new BudgetExceededError(`the evaluation would exceed its limits: ${view.problems.join('; ')}. Nothing was spent; raise the limit or allow it to start anyway`, view.estimate, view.check);
}

/**
 * The first limit gone past, or undefined. Past, not reached: a request is counted before it
 * is sent, so stopping at the limit itself would cancel the last call it allows.
 */
function overLimit(u: UsageSnapshot, limits: BudgetLimits): string | undefined {
  const { maxCalls, maxTokens, maxUsd } = limits;
  if (maxCalls !== undefined && u.requests > maxCalls) return `the limit of ${maxCalls} LLM calls is reached`;
  if (maxTokens !== undefined && u.promptTokens + u.completionTokens > maxTokens) return `the limit of ${maxTokens} tokens is reached`;
  if (maxUsd !== undefined && u.costUsd !== undefined && u.costUsd > maxUsd) return `the money limit of $${maxUsd} is reached`;
  return undefined;
}
