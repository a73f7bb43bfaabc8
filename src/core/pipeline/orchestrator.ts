/**
 * The pipeline's entry points: `runOptimization` (a new run) and `resumeOptimization` (a
 * run directory left by a crash, a Ctrl-C or a cancel). Both load and check the inputs,
 * estimate the cost and refuse a run over its limits before anything is written or paid,
 * then hand over to a RunSession. Progress goes to `onEvent` as typed RunEvents; errors
 * are thrown as typed errors (runErrors.ts) after a `failed` event.
 *
 * The editor and the CLI use it the same way:
 *   const controller = new AbortController();
 *   const result = await runOptimization(config, { runDir, apiKey, onEvent, signal: controller.signal });
 */
import { generateCandidates } from '../candidates/candidateGenerator';
import { DEFAULT_PRICES, priceTokens } from '../cost/priceTable';
import { LlmClient } from '../llm/llmClient';
import type { BatchCollector } from '../batch/batchCollector';
import { batchBudgetGuard, checkBatchMode, startBatchMode } from '../batch/runBatches';
import { pricesForRun } from '../cost/batchPrices';
import type { LlmCacheStore, LlmClientOptions, UsageCounters } from '../llm/llmTypes';
import type { ModelUsage } from '../llm/usageMeter';
import type { SandboxHandle } from '../sandbox/sandboxTypes';
import { JudgeLink } from '../eval/judgeClient';
import type { Scorer } from '../eval/scoreTypes';
import { judgeModelOf } from './runModels';
import { priceByModel, type PricedUsage } from './modelUsage';
import type { RunConfig } from './runConfig';
import { checkRunDirectory, claimRunDirectory, earlierUsage, type ClaimedRun } from './runClaim';
import { openRunCache, type RunCache } from './runCache';
import { RunDirectory } from './runDirectory';
import { BudgetExceededError, errorMessage, RunInputError } from './runErrors';
import { estimateAndCheck } from './runEstimate';
import type { RunEvent } from './runEvents';
import { loadRunInputs, type RunInputs } from './runInputs';
import { RunSession } from './runSession';
import type { RunOptions, RunResult } from './runTypes';
import { sandboxDatasetOf, startRunSandbox } from './sandboxProvider';
import { cacheEndpointOf, sessionBaseUrl } from './sessionEndpoint';
import { UsageTracker, ZERO_USAGE } from './usageTracker';

/** Starts a new run in `options.runDir` and resolves when it ends (done, cancelled or interrupted). */
export function runOptimization(config: RunConfig, options: RunOptions): Promise<RunResult> {
  return execute(config, options, false);
}

/**
 * Continues the run in `runDir` from where it stopped, with the config it was started with.
 * A finished run is not run again: its stored result is returned (and a `done` event sent).
 */
export async function resumeOptimization(runDir: string, options: Omit<RunOptions, 'runDir'>): Promise<RunResult> {
  const dir = new RunDirectory(runDir);
  const config = dir.readConfig();
  const record = dir.readRecord();
  const stored = dir.readPortfolio();
  if (record?.status === 'done' && stored !== undefined) {
    options.onEvent?.({ type: 'done', ...stored, runDir });
    const message = typeof record.message === 'string' ? record.message : undefined;
    return { status: 'done', runDir, ...stored, budget: config.budget, simulated: record.simulated, message };
  }
  return execute(config, { ...options, runDir }, true);
}

/** True when the config's provider is the offline simulated model. */
export function isSimulated(config: RunConfig): boolean {
  return config.provider === 'sandbox';
}

async function execute(config: RunConfig, options: RunOptions, resuming: boolean): Promise<RunResult> {
  const emit = safeEmitter(options.onEvent);
  // Limits are checked on every usage change of the client, so a limit is not overshot.
  const hooks: SessionHooks = {};
  let session: RunSession | undefined;
  let sandbox: SandboxHandle | undefined;
  let cache: RunCache | undefined;
  let claimed: ClaimedRun | undefined;
  let scorer: Scorer | undefined;
  let batches: BatchCollector | undefined;
  try {
    validateConfig(config);
    checkBatchMode(config, options);
    checkRunDirectory(config, options, resuming);
    emit({ type: 'phase', phase: 'loading' });
    // The judge metric's scorer is built now; its calls go through the run's client, attached below.
    const judgeLink = new JudgeLink();
    const inputs = await loadRunInputs(config, { allowCustomCode: options.allowCustomCode ?? false, ...(config.metric.name === 'judge' ? { judge: judgeLink.judge } : {}) });
    scorer = inputs.scorer;
    for (const message of inputs.warnings) emit({ type: 'warning', message });
    await checkEstimate(config, inputs, options, resuming, emit);
    claimed = claimRunDirectory(config, options, resuming);
    const { dir, journal } = claimed;
    sandbox = await startSandboxIfNeeded(config, inputs);
    cache = options.llm === undefined ? openRunCache(dir, options.cacheFile, resuming) : undefined;
    const { maxCalls, maxTokens, maxUsd } = config.limits;
    const limited = maxCalls !== undefined || maxTokens !== undefined || maxUsd !== undefined;
    // Every change of the counters is journaled at once: a request is counted before it is sent.
    const onUsage = (usage: Readonly<UsageCounters>, models: readonly ModelUsage[]): void => {
      journal.record(usage, models);
      if (limited) hooks.session?.checkLimits();
    };
    // Batch mode: the client's chat requests become Batch API lines (src/core/batch).
    batches = startBatchMode(config, options, sandbox?.baseUrl ?? config.baseUrl, dir.dir, emit);
    hooks.batches = batches;
    const llm = options.llm ?? buildClient(config, batches === undefined ? options : { ...options, clientOptions: { ...options.clientOptions, batch: batches } }, sandbox, cache, onUsage);
    judgeLink.attach(llm, judgeModelOf(config));
    session = createSession(config, { ...options, runDir: dir.dir }, dir, inputs, llm, emit, resuming, hooks);
    return await session.run();
  } catch (error) {
    const message = errorMessage(error);
    session?.recordFailure(message);
    emit({ type: 'failed', message, runDir: session === undefined ? undefined : claimed?.dir.dir });
    throw error;
  } finally {
    // A custom scorer's worker thread ends with the run.
    await scorer?.close?.();
    batches?.close();
    await sandbox?.close();
    cache?.close();
    claimed?.release();
  }
}

/** Lets callbacks created before the session reach it. */
interface SessionHooks {
  session?: RunSession;
  batches?: BatchCollector | undefined;
}

function createSession(config: RunConfig, options: RunOptions, dir: RunDirectory, inputs: RunInputs, llm: LlmClient, emit: (e: RunEvent) => void, resuming: boolean, hooks: SessionHooks): RunSession {
  const prices = pricesForRun(options.prices ?? DEFAULT_PRICES, config.batch !== undefined);
  const simulated = isSimulated(config);
  const previous = resuming ? dir.readRecord() : undefined;
  const price = (input: number, output: number): number | undefined => (simulated ? 0 : priceTokens(prices, config.model, input, output));
  const base = resuming ? earlierUsage(dir, price, (totals, models) => priceByModel(prices, totals, models, config.model, simulated)) : ZERO_USAGE;
  const perModel = (live: Readonly<UsageCounters>): PricedUsage => priceByModel(prices, live, llm.usageByModel, config.model, simulated);
  const tracker = new UsageTracker(() => llm.usage, base, price, config.limits, (usage) => {
    emit({ type: 'usage', usage });
    hooks.session?.checkLimits();
  }, perModel);
  // A batch that could take the run past a limit is not created: the run stops at the limit instead.
  hooks.batches?.setGuard(batchBudgetGuard(() => tracker.snapshot(), config.limits, simulated ? {} : prices), (message) => hooks.session?.stopAtLimit(message));
  const createdAt = previous?.createdAt ?? new Date().toISOString();
  const session = new RunSession({ config, options, dir, inputs, llm, tracker, generate: options.generate ?? generateCandidates, emit, simulated, createdAt });
  hooks.session = session;
  tracker.start(options.usageIntervalMs ?? 250);
  return session;
}

/** The estimate, shown as a phase; over a limit, the run starts only if allowed or confirmed. */
async function checkEstimate(config: RunConfig, inputs: RunInputs, options: RunOptions, resuming: boolean, emit: (e: RunEvent) => void): Promise<void> {
  const view = await estimateAndCheck(config, inputs, pricesForRun(options.prices ?? DEFAULT_PRICES, config.batch !== undefined), isSimulated(config));
  emit({ type: 'phase', phase: 'estimating', detail: config.batch === undefined ? view.summary : `${view.summary}, at Batch API prices` });
  if (view.check.ok || resuming || options.allowOverBudget === true) return;
  if (options.confirmEstimate !== undefined && (await options.confirmEstimate(view))) return;
  const reasons = view.problems.join('; ');
  throw new BudgetExceededError(`the run would exceed its limits: ${reasons}. Nothing was spent; raise the limit or allow it to start anyway`, view.estimate, view.check);
}

function startSandboxIfNeeded(config: RunConfig, inputs: RunInputs): Promise<SandboxHandle | undefined> {
  if (!isSimulated(config) || config.baseUrl !== '') return Promise.resolve(undefined);
  const templated = inputs.template.variables.length > 0;
  const examples = [...inputs.dataset.examples, ...(inputs.testDataset?.examples ?? [])];
  return startRunSandbox([sandboxDatasetOf(config.dataFile, examples, templated)], config.seed, [config.model]);
}

/** The run's LLM client (also `zopo eval`'s): endpoint, key, models, concurrency, cache, usage callback. */
export function buildClient(config: RunConfig, options: Pick<RunOptions, 'clientOptions' | 'apiKey' | 'endpoint'>, sandbox: SandboxHandle | undefined, cache: LlmCacheStore | undefined, onUsage: NonNullable<LlmClientOptions['onUsage']>): LlmClient {
  // A Language Model API run goes to this session's proxy, under a cache name without its port.
  const baseUrl = sandbox?.baseUrl ?? sessionBaseUrl(config, options.endpoint);
  const cacheEndpoint = cacheEndpointOf(config);
  return new LlmClient({
    ...options.clientOptions,
    provider: config.provider,
    ...(baseUrl === '' ? {} : { baseUrl }),
    ...(cacheEndpoint === undefined ? {} : { cacheEndpoint }),
    // Local servers (Ollama, llama.cpp) take any key; the SDK insists on a non-empty one.
    apiKey: options.apiKey !== undefined && options.apiKey !== '' ? options.apiKey : 'no-key',
    chatModel: config.model,
    ...(config.embeddingModel === '' ? {} : { embeddingModel: config.embeddingModel }),
    concurrency: config.concurrency,
    ...(cache === undefined ? {} : { cache }),
    onUsage,
  });
}

function validateConfig(config: RunConfig): void {
  const positive: [string, number][] = [['budget', config.budget], ['validation size', config.validationSize], ['concurrency', config.concurrency], ['portfolio size', config.portfolioSize], ['test limit', config.testLimit]];
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value < 1) throw new RunInputError(`the ${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(config.candidateCount) || config.candidateCount < 0) throw new RunInputError(`the candidate count must be a whole number, got ${config.candidateCount}`);
}

/** A listener that throws must not break the run. */
function safeEmitter(listener: ((event: RunEvent) => void) | undefined): (event: RunEvent) => void {
  return (event) => {
    try {
      listener?.(event);
    } catch {
      // The listener's problem; the run goes on and its files stay complete.
    }
  };
}
