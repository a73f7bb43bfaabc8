/**
 * The final, honest comparison: the original and every portfolio prompt scored on the same
 * held-out test examples, which the search never saw. The calls of all candidates are fed
 * to the client about `parallel` at a time, so the endpoint's concurrency is used across
 * them and a graceful stop (the first Ctrl-C) abandons the calls not yet sent: the ones in
 * flight finish (and are cached, so a resumed run does not pay for them again).
 */
import type { Example } from '../data/datasetTypes';
import type { PromptTemplate } from '../prompt/promptTemplate';
import { evaluateCandidate, type EvaluationContext, type EvaluationScore } from './candidateEvaluator';

/** Test scores by candidate id; a candidate whose test evaluation was stopped or cancelled is absent. */
export type TestScores = ReadonlyMap<number, EvaluationScore>;

/** How the test calls may be stopped and how many are handed to the client at once. */
export interface TestStageControl {
  /** Cancels everything at once, the calls in flight included. */
  readonly signal?: AbortSignal;
  /** Stops sending new calls; the ones in flight finish. */
  readonly stopSignal?: AbortSignal;
  /** Calls handed to the client at once (its concurrency); at least 1. */
  readonly parallel: number;
}

interface TestCall {
  readonly candidate: number;
  readonly example: Example;
}

/** Evaluates each candidate on `examples`; see the module comment. */
export async function evaluateOnTestSet(
  ctx: EvaluationContext,
  candidates: readonly { readonly id: number; readonly template: PromptTemplate }[],
  examples: readonly Example[],
  control: TestStageControl,
): Promise<TestScores> {
  const scores = new Map<number, EvaluationScore>();
  if (examples.length === 0) return scores;
  const calls: TestCall[] = candidates.flatMap((_, candidate) => examples.map((example) => ({ candidate, example })));
  // Filled, not sparse: a call never sent must read as undefined to `every` below.
  const answers = Array.from({ length: calls.length }, (): EvaluationScore | undefined => undefined);
  let next = 0;
  // A scorer that fails stops the stage; the other calls in flight finish first.
  let failure: { readonly error: unknown } | undefined;
  const stopped = (): boolean => failure !== undefined || control.signal?.aborted === true || control.stopSignal?.aborted === true;
  const runner = async (): Promise<void> => {
    try {
      while (next < calls.length && !stopped()) {
        const at = next++;
        const call = calls[at] as TestCall;
        answers[at] = await evaluateCandidate(ctx, (candidates[call.candidate] as { template: PromptTemplate }).template, [call.example], control.signal);
      }
    } catch (error) {
      if (control.signal?.aborted !== true) failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(control.parallel, calls.length)) }, runner));
  if (failure !== undefined) throw failure.error;
  candidates.forEach((c, i) => {
    const parts = answers.slice(i * examples.length, (i + 1) * examples.length);
    if (parts.length === examples.length && parts.every((p) => p !== undefined)) scores.set(c.id, mergeScores(parts));
  });
  return scores;
}

/** One candidate's per-example scores as one evaluation, in example order. */
function mergeScores(parts: readonly EvaluationScore[]): EvaluationScore {
  let failure: string | undefined;
  for (const p of parts) failure ??= p.failure;
  return {
    correct: parts.reduce((s, p) => s + p.correct, 0),
    total: parts.reduce((s, p) => s + p.total, 0),
    failed: parts.reduce((s, p) => s + p.failed, 0),
    results: parts.flatMap((p) => p.results),
    failure,
  };
}

/** The mean test score, or undefined when nothing was scored. */
export function testMean(score: EvaluationScore | undefined): number | undefined {
  return score === undefined || score.total === 0 ? undefined : score.correct / score.total;
}
