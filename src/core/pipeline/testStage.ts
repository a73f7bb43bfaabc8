/**
 * The final, honest comparison: the original and every portfolio prompt scored on the same
 * held-out test examples, which the search never saw. All candidates are evaluated at
 * once, so the endpoint's concurrency is used across them.
 */
import type { Example } from '../data/datasetTypes';
import type { PromptTemplate } from '../prompt/promptTemplate';
import { evaluateCandidate, type EvaluationContext, type EvaluationScore } from './candidateEvaluator';

/** Test scores by candidate id; a candidate whose test evaluation was cancelled is absent. */
export type TestScores = ReadonlyMap<number, EvaluationScore>;

/** Evaluates each candidate on `examples`. */
export async function evaluateOnTestSet(
  ctx: EvaluationContext,
  candidates: readonly { readonly id: number; readonly template: PromptTemplate }[],
  examples: readonly Example[],
  signal?: AbortSignal,
): Promise<TestScores> {
  const scores = new Map<number, EvaluationScore>();
  if (examples.length === 0) return scores;
  const results = await Promise.all(candidates.map((c) => evaluateCandidate(ctx, c.template, examples, signal)));
  candidates.forEach((c, i) => {
    const score = results[i];
    if (score !== undefined) scores.set(c.id, score);
  });
  return scores;
}

/** The mean test score, or undefined when nothing was scored. */
export function testMean(score: EvaluationScore | undefined): number | undefined {
  return score === undefined || score.total === 0 ? undefined : score.correct / score.total;
}
