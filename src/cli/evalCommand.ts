/**
 * `zopo eval`: one prompt scored on a dataset, for CI. The score and its interval go to
 * stdout (text or --json), progress and warnings to stderr; the exit status says whether the
 * checks (--min-score, --baseline) passed. Nothing is written but the cache and --save.
 */
import { join, resolve, sep } from 'node:path';
import { sha256Hex } from '../core/cache/stableHash';
import { identitiesHash } from '../core/data/exampleIdentity';
import { compareWithBaseline, scoreInterval, type BaselineComparison } from '../core/eval/baselineComparison';
import { writeFileAtomic } from '../core/pipeline/atomicFiles';
import type { EvalInputs } from '../core/pipeline/evalInputs';
import { evaluatePrompt, type PromptEvaluation } from '../core/pipeline/promptEvaluation';
import type { RunConfig } from '../core/pipeline/runConfig';
import { BudgetExceededError, errorMessage, RunInputError } from '../core/pipeline/runErrors';
import { EXIT, type CliIo } from './cliIo';
import { parseEvalArgs, type EvalArgs } from './evalArgs';
import { checkSameMetric, loadBaseline, type Baseline } from './evalBaseline';
import { readEvalPrompt } from './evalPrompt';
import { EVAL_KIND, evalText, type EvalJson, type EvalJsonBaseline } from './evalReport';
import { EVAL_USAGE } from './evalUsage';
import { UsageError } from './optimizeArgs';
import { confirm, DEFAULT_CACHE_DIR } from './optimizeCommand';
import { apiKeyFor, configFromArgs, loadPrices } from './runSettings';

/** Runs `zopo eval <argv>` and returns the exit status. */
export async function evalCommand(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseEvalArgs(argv);
    if (args.help) {
      io.stdout.write(EVAL_USAGE);
      return EXIT.ok;
    }
    return await execute(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function execute(args: EvalArgs, io: CliIo): Promise<number> {
  const shown = args.run.prompt ?? '-';
  const prompt = await readEvalPrompt(shown === '-' ? '-' : resolve(io.cwd, shown), shown, io.stdin);
  const config: RunConfig = { ...configFromArgs(args.run, { text: prompt.text, trailing: '', stamp: undefined }, io.cwd), promptSource: prompt.source };
  const apiKey = apiKeyFor(config, io.env);
  const baseline = args.baseline === undefined ? undefined : await loadBaseline(resolve(io.cwd, args.baseline), args.baseline);
  if (baseline !== undefined) checkSameMetric(baseline, config.metric, args.baseline ?? '');
  const say = (message: string): void => void io.stderr.write(relativePaths(`zopo eval: ${message}\n`, io.cwd));
  for (const warning of prompt.warnings) say(warning);
  if (config.provider === 'sandbox') say('using the offline sandbox model: every score below is simulated, not a real LLM');
  const evaluation = await evaluatePrompt(config, { split: args.split, ...(args.limit === undefined ? {} : { limit: args.limit }) }, {
    prices: loadPrices(args.run.prices, io.cwd),
    allowOverBudget: args.run.yes,
    confirmEstimate: (view) => confirm(view, io),
    allowCustomCode: true,
    onNotice: say,
    ...(baseline === undefined ? {} : { checkInputs: (inputs: EvalInputs) => checkOverlap(inputs, baseline, args.baseline ?? '') }),
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(args.run.requestTimeout === undefined ? {} : { clientOptions: { timeoutMs: args.run.requestTimeout * 1000 } }),
    ...(args.noCache ? {} : { cacheFile: join(resolve(io.cwd, args.run.cacheDir ?? DEFAULT_CACHE_DIR), 'llm-cache.jsonl') }),
    ...(io.stopSignal === undefined ? {} : { stopSignal: io.stopSignal }),
    ...(io.cancelSignal === undefined ? {} : { signal: io.cancelSignal }),
  });
  if (evaluation.status !== 'done') {
    say('interrupted: nothing is reported; the answers so far are cached, so a rerun continues from them');
    return EXIT.interrupted;
  }
  const report = buildReport(config, args, evaluation, baseline);
  const text = JSON.stringify(report);
  if (args.save !== undefined) writeFileAtomic(resolve(io.cwd, args.save), text + '\n');
  io.stdout.write(args.run.json ? text + '\n' : evalText(report, evaluation.usage));
  return report.status === 'passed' ? EXIT.ok : EXIT.failure;
}

/** A baseline must share examples with this evaluation, or there is nothing to compare. */
function checkOverlap(inputs: EvalInputs, baseline: Baseline, shown: string): void {
  const here = new Set(inputs.ids);
  if (baseline.scores.some((s) => here.has(s.id))) return;
  throw new RunInputError(`--baseline ${shown}: it has no example in common with ${inputs.dataset.file} (same inputs and expected output, same fields): the datasets do not match`, shown);
}

function buildReport(config: RunConfig, args: EvalArgs, evaluation: PromptEvaluation, baseline: Baseline | undefined): EvalJson {
  const { inputs, usage } = evaluation;
  const results = (evaluation.score?.results ?? []).map((r, i) => {
    const example = inputs.examples[i];
    const base = { id: inputs.ids[i] ?? '', index: r.exampleIndex, line: example?.line ?? 0, score: r.score, failed: r.failed, output: r.output, expected: r.expected };
    return r.detail === undefined ? base : { ...base, detail: r.detail };
  });
  const scored = results.filter((r) => !r.failed);
  const own = scoreInterval(scored.map((r) => r.score), config.seed + 1);
  const minScore = args.minScore === undefined ? null : { threshold: args.minScore, passed: own.mean >= args.minScore };
  const compared = baseline === undefined ? undefined : compareWithBaseline(scored, baseline.scores, config.seed + 1);
  if (baseline !== undefined && compared === undefined) throw new RunInputError(`--baseline ${args.baseline ?? ''}: no example was scored in both (the shared ones failed here)`);
  const baselineJson = baseline === undefined || compared === undefined ? null : baselinePart(baseline, compared);
  const failed = minScore?.passed === false || baselineJson?.verdict === 'worse';
  return {
    kind: EVAL_KIND,
    version: 1,
    status: failed ? 'failed' : 'passed',
    score: own.mean,
    interval: own.interval,
    intervalMethod: own.method,
    examples: scored.length,
    failures: results.length - scored.length,
    metric: config.metric,
    model: config.model,
    provider: config.provider,
    simulated: evaluation.simulated,
    promptSource: config.promptSource,
    promptHash: sha256Hex(config.promptText),
    prompt: config.promptText,
    dataFile: config.dataFile,
    dataHash: identitiesHash(inputs.ids),
    split: args.split,
    minScore,
    baseline: baselineJson,
    usage: { requests: usage.requests, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cacheHits: usage.cacheHits, costUsd: usage.costUsd ?? null },
    usageByModel: (usage.models ?? []).map((m) => ({ ...m, costUsd: m.costUsd ?? null })),
    results,
  };
}

function baselinePart(baseline: Baseline, c: BaselineComparison): EvalJsonBaseline {
  return {
    source: baseline.source,
    promptHash: baseline.promptHash,
    pairedExamples: c.pairedExamples,
    score: c.currentMean,
    baselineScore: c.baselineMean,
    delta: c.delta,
    interval: c.interval,
    pValue: c.pValue,
    method: c.method,
    verdict: c.verdict,
    onlyHere: c.onlyCurrent,
    onlyInBaseline: c.onlyBaseline,
  };
}

function reportError(error: unknown, io: CliIo): number {
  const message = relativePaths(errorMessage(error), io.cwd);
  if (error instanceof UsageError) {
    io.stderr.write(`zopo eval: ${message}\nRun "zopo eval --help" for the options.\n`);
    return EXIT.usage;
  }
  if (error instanceof RunInputError) {
    io.stderr.write(`${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof BudgetExceededError) {
    io.stderr.write(`zopo eval: ${message}: pass --yes to start anyway, or raise --max-cost/--max-calls/--max-tokens\n`);
    return EXIT.failure;
  }
  io.stderr.write(`zopo eval: ${message}\n`);
  return EXIT.failure;
}

/** Paths under the working directory are shown as the user typed them. */
function relativePaths(message: string, cwd: string): string {
  return message.split(cwd + sep).join('');
}
