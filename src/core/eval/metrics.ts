/**
 * The metric registry: a metric's name and options (from settings, the CLI or a run file)
 * to a scorer, and the scoring of a batch of outputs with per-example results.
 */
import type { Example } from '../data/datasetTypes';
import { loadCustomScorer } from './customScorer';
import { createJudgeScorer, type JudgeFn } from './llmJudge';
import { MetricError, type ScoreContext, type Scorer, type ScoreResult } from './scoreTypes';
import { jsonEqual, labelScorer, numericScorer, regexScorer, type RegexMode } from './structuredMetrics';
import { containsAnswer, exactMatch, exactSet, tokenF1, type SetSplit } from './textMetrics';

/** A metric and its options. */
export type MetricSpec =
  | { readonly name: 'exact'; readonly firstLine?: boolean }
  | { readonly name: 'contains' }
  | { readonly name: 'f1' }
  | { readonly name: 'exactSet'; readonly split?: SetSplit }
  | { readonly name: 'regex'; readonly pattern: string; readonly flags?: string; readonly mode?: RegexMode }
  | { readonly name: 'json' }
  | { readonly name: 'numeric'; readonly absolute?: number; readonly relative?: number }
  | { readonly name: 'label'; readonly labels: readonly string[] }
  /** An LLM grades each output: against `rubric`, or against the reference answer when there is none. `model`: the judge model (default the chat model). */
  | { readonly name: 'judge'; readonly rubric?: string; readonly model?: string; readonly maxScore?: number }
  | { readonly name: 'custom'; readonly module: string; readonly timeoutSeconds?: number };

/** Every metric name. */
export type MetricName = MetricSpec['name'];

/** One line per metric, for pickers and `zopo --help`. */
export const METRIC_DESCRIPTIONS: Readonly<Record<MetricName, string>> = {
  exact: 'Exact match after normalisation (lower-case, no punctuation or articles); first line of the output',
  contains: 'The expected answer appears in the output as whole words (after normalisation)',
  f1: 'Token F1 between output and expected answer (after normalisation)',
  exactSet: 'Same set of comma- or newline-separated items (or words)',
  regex: 'The output matches a regular expression, or the captured answer equals the expected one',
  json: 'Output and expected answer parse as JSON and are deeply equal',
  numeric: 'The first number in the output is within an absolute or relative tolerance',
  label: 'Classification: the first label named in the output is the expected label',
  judge: 'An LLM judge grades the output 0-10 against --rubric, or against the expected answer (same meaning and facts)',
  custom: 'A JavaScript module in the workspace scores each output',
};

/** What building a scorer may need from its surroundings. */
export interface MetricEnvironment {
  /** False in an untrusted workspace: custom scorer modules are refused. */
  readonly allowCustomCode: boolean;
  /** The judge model, required by `judge` (judgeClient.ts binds one to the run's LLM client). */
  readonly judge?: JudgeFn;
  /** Directory for resolving a custom scorer's relative path. */
  readonly baseDir?: string;
  /** Examples a custom scorer is tried on (their expected outputs) before the run pays for anything. */
  readonly trialExamples?: readonly Example[];
}

/** Builds the scorer for `spec`; a misconfigured metric is a {@link MetricError} here, before any LLM call. */
export async function createScorer(spec: MetricSpec, env: MetricEnvironment): Promise<Scorer> {
  switch (spec.name) {
    case 'exact':
      return (output, expected) => exactMatch(output, expected, spec.firstLine ?? true);
    case 'contains':
      return containsAnswer;
    case 'f1':
      return tokenF1;
    case 'exactSet':
      return (output, expected) => exactSet(output, expected, spec.split ?? 'items');
    case 'regex':
      return regexScorer(spec.pattern, spec.flags, spec.mode);
    case 'json':
      return jsonEqual;
    case 'numeric':
      return numericScorer({ ...(spec.absolute !== undefined ? { absolute: spec.absolute } : {}), ...(spec.relative !== undefined ? { relative: spec.relative } : {}) });
    case 'label':
      return labelScorer(spec.labels);
    case 'judge':
      if (env.judge === undefined) throw new MetricError('the judge metric needs a judge model');
      if (spec.rubric !== undefined && spec.rubric.trim() === '') throw new MetricError('the rubric is empty (leave it out to grade against the expected answers)');
      return createJudgeScorer({ ...(spec.rubric === undefined ? {} : { rubric: spec.rubric }), ...(spec.maxScore === undefined ? {} : { maxScore: spec.maxScore }) }, env.judge);
    case 'custom':
      return loadCustomScorer(spec.module, {
        allowCode: env.allowCustomCode,
        ...(env.baseDir !== undefined ? { baseDir: env.baseDir } : {}),
        ...(spec.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
        ...(env.trialExamples !== undefined ? { trialExamples: env.trialExamples } : {}),
      });
  }
}

/** One example's score, kept so the user can see what failed. */
export interface ExampleScore extends ScoreResult {
  readonly index: number;
  readonly output: string;
  readonly expected: string;
}

/** Scores of a batch and their mean. */
export interface BatchScore {
  readonly mean: number;
  readonly results: readonly ExampleScore[];
}

/** Scores each output against its example's expected output, in order; the mean leaves out failed gradings (0 when none is graded). */
export async function scoreOutputs(scorer: Scorer, items: readonly { readonly output: string; readonly example: Example }[], signal?: AbortSignal): Promise<BatchScore> {
  const results: ExampleScore[] = [];
  for (const { output, example } of items) {
    const context: ScoreContext = signal === undefined ? { example } : { example, signal };
    const result = await scorer(output, example.output, context);
    results.push({ ...result, index: example.index, output, expected: example.output });
  }
  // An output that could not be graded (a judge without a score) is no evidence either way.
  const graded = results.filter((r) => r.failed !== true);
  const mean = graded.length === 0 ? 0 : graded.reduce((s, r) => s + r.score, 0) / graded.length;
  return { mean, results };
}
