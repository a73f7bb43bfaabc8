/**
 * `zopo optimize`: flags to a run, progress on stderr, the result on stdout, and an exit
 * status a script can act on. The prompt file changes only with --write.
 */
import { createInterface } from 'node:readline/promises';
import { join, resolve, sep } from 'node:path';
import { runOptimization, resumeOptimization } from '../core/pipeline/orchestrator';
import { BudgetExceededError, errorMessage, ResumeError, RunDirectoryError, RunFailedError, RunInputError } from '../core/pipeline/runErrors';
import { readRunStamp } from '../core/pipeline/runStamp';
import type { RunEstimateView } from '../core/pipeline/runEstimate';
import type { RunOptions, RunResult } from '../core/pipeline/runTypes';
import { EXIT, type CliIo } from './cliIo';
import { parseOptimizeArgs, UsageError, type OptimizeArgs } from './optimizeArgs';
import { ProgressView } from './progressView';
import { writeChosenLiteral, type LiteralWriteOutcome } from './literalWrite';
import { readOptimizePrompt } from './optimizePrompt';
import { writeChosenPrompt, type LoadedPrompt } from './promptFile';
import { jsonReport, textReport } from './resultReport';
import { apiKeyFor, configFromArgs, defaultRunDir, loadPrices } from './runSettings';
import { OPTIMIZE_USAGE } from './usageText';
import { chooseWrite } from './writeChoice';

/** The shared LLM cache's folder under the working directory, as `zopo eval`'s. */
export const DEFAULT_CACHE_DIR = join('.zopo', 'cache');

/** Runs `zopo optimize <argv>` and returns the exit status. */
export async function optimizeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseOptimizeArgs(argv);
    if (args.help) {
      io.stdout.write(OPTIMIZE_USAGE);
      return EXIT.ok;
    }
    return await execute(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function execute(args: OptimizeArgs, io: CliIo): Promise<number> {
  const prices = loadPrices(args.prices, io.cwd);
  const common = { prices, allowOverBudget: args.yes, confirmEstimate: (view: RunEstimateView) => confirm(view, io), allowCustomCode: true, stoppedStatus: 'interrupted' as const, ...clientOption(args) };
  const signals = { ...(io.stopSignal ? { stopSignal: io.stopSignal } : {}), ...(io.cancelSignal ? { signal: io.cancelSignal } : {}) };
  let result: RunResult;
  let prompt: LoadedPrompt | undefined;
  if (args.resume !== undefined) {
    const runDir = resolve(io.cwd, args.resume);
    const view = new ProgressView(io.stderr, false);
    const apiKey = io.env.OPENAI_API_KEY;
    result = await resumeOptimization(runDir, { ...common, ...signals, onEvent: view.onEvent, ...(apiKey ? { apiKey } : {}), ...cacheOption(args, io, true) });
    view.close();
  } else {
    const read = await readOptimizePrompt(args.prompt ?? '-', io.cwd, io.stdin);
    for (const warning of read.warnings) io.stderr.write(`zopo: ${warning}\n`);
    prompt = read;
    const config = configFromArgs(args, prompt, io.cwd);
    const apiKey = apiKeyFor(config, io.env);
    const runDir = args.out === undefined ? defaultRunDir(io.cwd, args.prompt ?? '-') : resolve(io.cwd, args.out);
    const simulated = config.provider === 'sandbox';
    if (simulated) io.stderr.write('zopo: using the offline sandbox model: every score below is simulated, not a real LLM\n');
    const view = new ProgressView(io.stderr, simulated);
    // A default directory gets a fresh name; one the user named must not hold another run.
    const fresh = { ...(args.out === undefined ? { uniqueRunDir: true } : {}), ...(prompt.stamp ? { promptFile: prompt.stamp } : {}) };
    const options: RunOptions = { ...common, ...signals, runDir, ...fresh, onEvent: view.onEvent, ...(apiKey ? { apiKey } : {}), ...cacheOption(args, io, false) };
    result = await runOptimization(config, options);
    view.close();
  }
  return await finish(result, args, io);
}

/** --request-timeout reaches the client the orchestrator builds (a resume takes it too). */
function clientOption(args: OptimizeArgs): Pick<RunOptions, 'clientOptions'> {
  return args.requestTimeout === undefined ? {} : { clientOptions: { timeoutMs: args.requestTimeout * 1000 } };
}

/**
 * A new run shares `.zopo/cache` under the working directory (zopo eval's default), or
 * --cache-dir; --no-cache leaves it to the run's own cache. A resume uses the files the run
 * recorded (runCache.ts) unless --cache-dir names another.
 */
function cacheOption(args: OptimizeArgs, io: CliIo, resuming: boolean): { cacheFile?: string } {
  if (args.noCache || (resuming && args.cacheDir === undefined)) return {};
  return { cacheFile: join(resolve(io.cwd, args.cacheDir ?? DEFAULT_CACHE_DIR), 'llm-cache.jsonl') };
}

async function finish(result: RunResult, args: OptimizeArgs, io: CliIo): Promise<number> {
  io.stdout.write(args.json ? JSON.stringify(jsonReport(result)) + '\n' : textReport(result, io.cwd));
  if (result.status !== 'done') {
    io.stderr.write(`zopo: interrupted; the run is saved. Resume with: zopo optimize --resume ${result.runDir}\n`);
    return EXIT.interrupted;
  }
  return args.write ? writeBest(result, args, io) : EXIT.ok;
}

/** --write: the prompt chooseWrite picks (held-out better, or forced) replaces the file. */
async function writeBest(result: RunResult, args: OptimizeArgs, io: CliIo): Promise<number> {
  const choice = chooseWrite(result, args.forceWrite);
  if ('reason' in choice) {
    io.stderr.write(`zopo: ${choice.reason}; the file is unchanged\n`);
    return EXIT.ok;
  }
  const best = choice.item;
  const how = choice.forced ? ' (forced: the held-out test did not show it is better)' : '';
  return await writeToPromptFile(result, best.text, `${how}${result.simulated ? ' (chosen on the simulated model)' : ''}`, io);
}

/** The chosen text into the run's own prompt file when that is safe (promptFile.ts); exit 1 when it is not written. */
async function writeToPromptFile(result: RunResult, text: string, note: string, io: CliIo): Promise<number> {
  const stamp = readRunStamp(result.runDir)?.promptFile;
  const literal = stamp?.literal;
  const outcome: LiteralWriteOutcome = stamp !== undefined && literal !== undefined ? await writeChosenLiteral({ ...stamp, literal }, text, result.runDir) : { ...writeChosenPrompt(stamp, text, result.runDir), notes: [] };
  const where = literal === undefined ? (stamp?.path ?? '') : `the literal bound to "${literal}" in ${stamp?.path ?? ''}`;
  for (const n of outcome.notes) io.stderr.write(relativePaths(`zopo: ${stamp?.path ?? ''}: ${n}\n`, io.cwd));
  if (outcome.written) {
    io.stderr.write(relativePaths(`zopo: wrote the best prompt to ${where}${note}\n`, io.cwd));
    return EXIT.ok;
  }
  io.stderr.write(relativePaths(`zopo: ${outcome.reason}: nothing was written to it. The best prompt is kept in ${outcome.savedTo}:\n${text}\n`, io.cwd));
  return EXIT.failure;
}

/** Over a limit without --yes: ask on a terminal, refuse otherwise. */
export async function confirm(view: RunEstimateView, io: CliIo): Promise<boolean> {
  const lines = view.problems.map((p) => `  ${p}`).join('\n');
  if (io.stdin.isTTY !== true || io.stderr.isTTY !== true) return false;
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question(`zopo: the estimate exceeds your limits:\n${lines}\nStart anyway? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function reportError(error: unknown, io: CliIo): number {
  const message = relativePaths(errorMessage(error), io.cwd);
  if (error instanceof UsageError) {
    io.stderr.write(`zopo optimize: ${message}\nRun "zopo optimize --help" for the options.\n`);
    return EXIT.usage;
  }
  if (error instanceof RunDirectoryError) {
    io.stderr.write(`zopo: ${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof RunInputError || error instanceof ResumeError) {
    io.stderr.write(`${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof BudgetExceededError) {
    io.stderr.write(`zopo: ${message}: pass --yes to start anyway, or raise --max-cost/--max-calls/--max-tokens\n`);
    return EXIT.failure;
  }
  if (error instanceof RunFailedError && error.runDir !== undefined) {
    io.stderr.write(`zopo: ${message}\nzopo: the run is saved; once that is fixed, resume it with: zopo optimize --resume ${relativePaths(error.runDir, io.cwd)}\n`);
    return EXIT.failure;
  }
  io.stderr.write(`zopo: ${message}\n`);
  return EXIT.failure;
}

/** Paths under the working directory are shown as the user typed them. */
function relativePaths(message: string, cwd: string): string {
  return message.split(cwd + sep).join('');
}
