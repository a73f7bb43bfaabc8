/**
 * A user's own scorer: a JavaScript module exporting `(output, expected, example) =>
 * number | boolean | Promise<...>`. Loading it runs workspace code, so the caller must
 * say whether the workspace is trusted. The module runs in a worker thread under a time
 * limit per call (scorerHost.ts), and it is tried on a few of the dataset's expected
 * outputs when it is loaded, so a broken scorer stops the run before anything is paid for.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Example } from '../data/datasetTypes';
import { DEFAULT_SCORER_TIMEOUT_S, exampleLabel, ScorerHost } from './scorerHost';
import { MetricError, type ScoreContext, type Scorer, type ScoreResult } from './scoreTypes';

/** The function a custom scorer module exports. */
export type CustomScoreFn = (output: string, expected: string, example: Example | undefined) => unknown;

/** How many examples the scorer is tried on when it is loaded. */
const TRIAL_EXAMPLES = 3;

/** Where and whether custom code may be loaded, and how it is run. */
export interface CustomScorerOptions {
  /** False in an untrusted workspace: loading is refused. */
  readonly allowCode: boolean;
  /** Directory a relative module path is resolved against (the workspace folder). */
  readonly baseDir?: string;
  /** Time limit of one call, in seconds (default {@link DEFAULT_SCORER_TIMEOUT_S}). */
  readonly timeoutSeconds?: number;
  /** Examples to try the scorer on, as `scorer(expected, expected, example)`, before it is used. */
  readonly trialExamples?: readonly Example[];
  /** The worker script, for tests (default: scorerWorker.js beside this bundle). */
  readonly workerFile?: string;
}

/**
 * Loads `modulePath` in a worker and wraps its function as a scorer; every problem
 * (refused, missing, failed to load, failed its trial) is a {@link MetricError}. The
 * scorer's `close` ends the worker.
 */
export async function loadCustomScorer(modulePath: string, options: CustomScorerOptions): Promise<Scorer> {
  if (!options.allowCode) {
    throw new MetricError(`custom scorer ${modulePath} not loaded: running workspace code is disabled in untrusted workspaces`);
  }
  const file = isAbsolute(modulePath) ? modulePath : resolve(options.baseDir ?? process.cwd(), modulePath);
  if (!existsSync(file) || !statSync(file).isFile()) throw new MetricError(`custom scorer module not found: ${file}`);
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_SCORER_TIMEOUT_S;
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) throw new MetricError(`custom scorer time limit must be a positive number of seconds, got ${timeoutSeconds}`);
  const host = await ScorerHost.start(file, { timeoutMs: timeoutSeconds * 1000, ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }) });
  const score = async (output: string, expected: string, context: ScoreContext = {}): Promise<ScoreResult> =>
    toScoreResult(await host.call(output, expected, context.example, context.signal), file, context.example);
  const scorer: Scorer = Object.assign(score, { close: () => host.close() });
  try {
    await tryOnExpected(scorer, options.trialExamples ?? []);
  } catch (error) {
    await host.close();
    throw error;
  }
  return scorer;
}

/** Each trial example's expected output scored against itself: it must return a valid score. */
async function tryOnExpected(scorer: Scorer, examples: readonly Example[]): Promise<void> {
  for (const example of examples.slice(0, TRIAL_EXAMPLES)) {
    try {
      await scorer(example.output, example.output, { example });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new MetricError(`${message}; found by trying it on the dataset's expected outputs before any request, so nothing was spent`);
    }
  }
}

function toScoreResult(value: unknown, file: string, example: Example | undefined): ScoreResult {
  if (typeof value === 'boolean') return { score: value ? 1 : 0 };
  if (typeof value === 'number' && value >= 0 && value <= 1) return { score: value };
  if (typeof value === 'object' && value !== null && typeof (value as { score?: unknown }).score === 'number') {
    const { score, detail } = value as { score: number; detail?: unknown };
    if (score >= 0 && score <= 1) return typeof detail === 'string' ? { score, detail } : { score };
  }
  throw new MetricError(`custom scorer ${file} returned ${describe(value)}${exampleLabel(example)}; expected a number in [0, 1] or a boolean`);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value).slice(0, 80);
  } catch {
    return typeof value;
  }
}
