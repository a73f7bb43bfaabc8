/**
 * Scoring one candidate prompt on a list of examples: one chat request per example through
 * the LLM client (which limits concurrency, retries and caches), then the metric. A request
 * that fails after its retries is reported per example and left out of the score, so an
 * outage lowers the evidence, not the accuracy; a cancelled request cancels the evaluation.
 */
import type { Example } from '../data/datasetTypes';
import type { Scorer } from '../eval/scoreTypes';
import type { LlmClient } from '../llm/llmClient';
import type { ChatValue, LlmResult } from '../llm/llmTypes';
import { buildMessages } from '../prompt/chatMessages';
import type { PromptTemplate } from '../prompt/promptTemplate';
import type { ExampleResult } from './runEvents';

/** What evaluation needs, fixed for a run. */
export interface EvaluationContext {
  readonly llm: Pick<LlmClient, 'chatBatch'>;
  readonly scorer: Scorer;
  readonly bindings: Readonly<Record<string, string>>;
  readonly maxOutputTokens: number;
}

/** A finished evaluation. */
export interface EvaluationScore {
  /** Summed scores of the answered examples. */
  readonly correct: number;
  /** Answered examples. */
  readonly total: number;
  readonly failed: number;
  readonly results: readonly ExampleResult[];
  /** The first failure's message, to explain a fully failed evaluation. */
  readonly failure: string | undefined;
}

/** Evaluates `template` on `examples`; undefined when cancelled. */
export async function evaluateCandidate(
  ctx: EvaluationContext,
  template: PromptTemplate,
  examples: readonly Example[],
  signal?: AbortSignal,
): Promise<EvaluationScore | undefined> {
  const params = { temperature: 0, maxTokens: ctx.maxOutputTokens };
  const requests = examples.map((example) => ({ messages: buildMessages(template, example, ctx.bindings), params }));
  const answers = await ctx.llm.chatBatch(requests, signal);
  if (answers.some((a) => a.status === 'cancelled')) return undefined;
  const scored = await scoreAnswers(ctx.scorer, examples, answers, signal);
  // A grading cut short by the cancel (an LLM judge) is no result: a resume grades it again.
  return signal?.aborted === true ? undefined : scored;
}

async function scoreAnswers(
  scorer: Scorer,
  examples: readonly Example[],
  answers: readonly LlmResult<ChatValue>[],
  signal?: AbortSignal,
): Promise<EvaluationScore> {
  // Every answer is graded at once (a custom scorer's host still runs one call at a time): an LLM
  // judge's gradings of an evaluation then go out together, in batch mode as one batch, not one each.
  const grades = examples.map((example, i) => {
    const answer = answers[i];
    if (answer?.status !== 'ok') return undefined;
    const output = answer.value.texts[0] ?? '';
    return (async () => scorer(output, example.output, signal === undefined ? { example } : { example, signal }))();
  });
  // Rejections are read in order below; none is left unhandled meanwhile.
  for (const grade of grades) grade?.catch(() => undefined);
  const results: ExampleResult[] = [];
  let correct = 0;
  let failed = 0;
  let failure: string | undefined;
  for (const [i, example] of examples.entries()) {
    const answer = answers[i];
    if (answer?.status !== 'ok') {
      failed++;
      const message = answer?.status === 'failed' ? answer.failure.message : 'no answer';
      failure ??= message;
      results.push({ exampleIndex: example.index, output: '', expected: example.output, score: 0, failed: true, detail: message });
      continue;
    }
    const output = answer.value.texts[0] ?? '';
    const scored = await (grades[i] as Promise<Awaited<ReturnType<Scorer>>>);
    if (scored.failed === true) {
      // Not graded (an LLM judge gave no score): left out of the score like a failed request, and marked.
      failed++;
      failure ??= scored.detail ?? 'the output could not be graded';
      results.push({ exampleIndex: example.index, output, expected: example.output, score: 0, failed: true, ungraded: true, detail: scored.detail ?? 'not graded' });
      continue;
    }
    const score = Number.isFinite(scored.score) ? Math.min(1, Math.max(0, scored.score)) : 0;
    correct += score;
    const base = { exampleIndex: example.index, output, expected: example.output, score, failed: false };
    results.push(scored.detail === undefined ? base : { ...base, detail: scored.detail });
  }
  return { correct, total: examples.length - failed, failed, results, failure };
}
