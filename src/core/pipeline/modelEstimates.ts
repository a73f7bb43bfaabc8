/**
 * The estimate split by model: the chat model answers the dataset, the generator model
 * writes the candidates, the judge model grades each answer (the `judge` metric), and each
 * is priced at its own entry of the price table. A judge call is counted per graded
 * example: its rubric and framing, the input, the reference and the answer in, a few lines
 * of reasoning and the score out (the one retry after a reply without a score is not
 * counted: it is rare, and the live limits still hold).
 */
import { type RunEstimate } from '../cost/costEstimator';
import { REFERENCE_RUBRIC } from '../eval/llmJudge';
import { countTokensApart } from '../cost/tokenCountsApart';
import type { RunConfig } from './runConfig';
import { judgeModelOf } from './runModels';

/** The judge's system wording and section headers around the rubric, in tokens. */
export const JUDGE_FRAMING_TOKENS = 70;
/** A judge reply: a line or two of reasoning and "Score: N". */
export const JUDGE_REPLY_TOKENS = 60;

/** What one model is expected to do and spend. */
export interface ModelEstimate {
  readonly model: string;
  readonly role: 'answers' | 'writes candidates' | 'judges' | 'embeds';
  readonly calls: number;
  readonly tokens: number;
  /** Undefined when the model has no price. */
  readonly costUsd: number | undefined;
}

/** Tokens of one judge request's own text (framing and rubric), for a run with the judge metric. */
export async function judgeInstructionTokens(config: RunConfig): Promise<number> {
  if (config.metric.name !== 'judge') return 0;
  const rubric = config.metric.rubric ?? REFERENCE_RUBRIC;
  const { counts } = await countTokensApart([rubric]);
  return JUDGE_FRAMING_TOKENS + (counts[0] ?? 0);
}

/** The judge's part: `gradedExamples` calls, each reading the input, the reference and an answer of about the reference's length. */
export function judgeEstimateInput(config: RunConfig, gradedExamples: number, instructionTokens: number, inputTokens: number, outputTokens: number) {
  return {
    queries: gradedExamples,
    validationSize: 1,
    avgInstructionTokens: instructionTokens,
    avgInputTokens: inputTokens + 2 * outputTokens,
    avgOutputTokens: JUDGE_REPLY_TOKENS,
    generationCalls: 0,
    avgGenerationPromptTokens: 0,
    avgGenerationOutputTokens: 0,
    chatModel: judgeModelOf(config) ?? config.model,
  };
}

/** One model's line of an estimate part (a part is priced at one chat model, plus embeddings). */
export function modelLines(part: RunEstimate, model: string, role: ModelEstimate['role'], calls: number): ModelEstimate[] {
  return calls === 0 ? [] : [{ model, role, calls, tokens: part.inputTokens + part.outputTokens, costUsd: part.costUsd }];
}

/** The same model in several roles is one line per role; this text names each priced model once per role. */
export function describeModels(models: readonly ModelEstimate[], simulated: boolean): string {
  if (models.length < 2) return '';
  const money = (m: ModelEstimate): string => (simulated ? '' : m.costUsd === undefined ? ', cost unknown' : `, $${m.costUsd.toFixed(4)}`);
  return ` (${models.map((m) => `${m.model} ${m.role}: ${m.calls} calls, ${m.tokens} tokens${money(m)}`).join('; ')})`;
}
