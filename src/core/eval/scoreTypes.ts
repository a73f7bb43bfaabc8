/** The contract every metric meets: one output and its expected answer in, a score in [0, 1] out. */
import type { Example } from '../data/datasetTypes';

/** The score of one output, with a short reason when it helps the user see what failed. */
export interface ScoreResult {
  /** In [0, 1]; 1 is a perfect answer. */
  readonly score: number;
  readonly detail?: string;
  /**
   * The output could not be graded (an LLM judge gave no score, or its call failed): the run
   * leaves it out of the score and counts it, as it does a failed request.
   */
  readonly failed?: boolean;
}

/** What a scorer may use besides the output and the expected answer. */
export interface ScoreContext {
  /** The dataset row (an LLM judge shows its input; a custom scorer receives it). */
  readonly example?: Example;
  readonly signal?: AbortSignal;
}

/**
 * Scores one output against the expected answer. A scorer that holds a resource (a custom
 * scorer's worker thread) has a `close`, which the run calls when it ends.
 */
export type Scorer = ((output: string, expected: string, context?: ScoreContext) => ScoreResult | Promise<ScoreResult>) & { readonly close?: () => Promise<void> };

/** A metric that cannot be built or run as configured (bad pattern, missing module, bad return value). */
export class MetricError extends Error {
  override readonly name = 'MetricError';
}

/** A pass/fail result. */
export function binary(pass: boolean, detail?: string): ScoreResult {
  return detail === undefined ? { score: pass ? 1 : 0 } : { score: pass ? 1 : 0, detail };
}
