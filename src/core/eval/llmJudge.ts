/**
 * The LLM judge: the messages that ask for a score (against a rubric, or against the
 * reference answer when there is none), the parsing of the score from the reply, and the
 * scorer. A reply without a score is asked again once, with the reply and a reminder in
 * the chat (a different request, so a cache cannot hand back the same reply); a second miss
 * or a failed call is a failed grading, which the run leaves out of the score and counts,
 * never a 0 that looks like a bad answer. The model call itself is injected, so this stays
 * pure and testable (judgeClient.ts binds it to an LLM client).
 */
import type { ChatMessage } from '../prompt/chatMessages';
import { exampleInputText } from '../prompt/chatMessages';
import { type ScoreContext, type ScoreResult } from './scoreTypes';

/** Sends messages to the judge model and resolves to its reply text; a failed call throws {@link JudgeCallError}. */
export type JudgeFn = (messages: readonly ChatMessage[], signal?: AbortSignal) => Promise<string>;

/** The judge model could not be asked (the request failed after its retries, or was cancelled). */
export class JudgeCallError extends Error {
  override readonly name = 'JudgeCallError';
}

/** The first line of every judge request's system message: how the sandbox knows a judge request. */
export const JUDGE_SYSTEM_INTRO = 'You grade answers produced by an AI assistant.';

/** What grading means when the user gives no rubric: agreement with the reference answer. */
export const REFERENCE_RUBRIC = [
  'Compare the answer with the reference answer.',
  'Full marks: it means the same as the reference, states the facts the reference states, and contradicts nothing in it.',
  'Take marks off for each missing fact, for vague or unhelpful wording, and heavily for any contradiction or made-up fact.',
  'Wording and length may differ from the reference.',
].join('\n');

/** Reminder sent with the judge's reply when it had no score. */
export const SCORE_REMINDER = 'Your reply has no score. Reply again and end with a final line "Score: N".';

/** What the judge sees. */
export interface JudgeRequest {
  readonly rubric: string;
  readonly output: string;
  readonly expected?: string;
  readonly input?: string;
  /** Top of the integer scale the judge uses (0..maxScore). Default 10. */
  readonly maxScore?: number;
}

/** The judge's chat: the rubric and scale in the system message, the case in the user message. */
export function buildJudgeMessages(request: JudgeRequest): ChatMessage[] {
  const max = request.maxScore ?? 10;
  const system = [
    JUDGE_SYSTEM_INTRO,
    `Grading rubric:\n${request.rubric.trim()}`,
    `Think briefly, then end your reply with a final line of the form "Score: N", where N is an integer from 0 (worst) to ${max} (best).`,
  ].join('\n\n');
  const parts = [
    request.input !== undefined ? `## Input\n${request.input}` : '',
    request.expected !== undefined ? `## Reference answer\n${request.expected}` : '',
    `## Answer to grade\n${request.output}`,
  ];
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.filter(Boolean).join('\n\n') },
  ];
}

/**
 * The score in the reply, scaled to [0, 1], or undefined when there is none or it is out of
 * range. The last "Score: N" (or "N/max") wins, since judges revise while reasoning.
 */
export function parseJudgeScore(reply: string, maxScore = 10): number | undefined {
  const labelled = [...reply.matchAll(/score\s*[:=]?\s*\**\s*(\d+(?:\.\d+)?)(?:\s*(?:\/|out of)\s*(\d+(?:\.\d+)?))?/gi)];
  const fractions = [...reply.matchAll(/(\d+(?:\.\d+)?)\s*(?:\/|out of)\s*(\d+(?:\.\d+)?)/gi)];
  const m = labelled[labelled.length - 1] ?? fractions[fractions.length - 1];
  if (!m) return undefined;
  const value = Number(m[1]);
  const scale = m[2] !== undefined ? Number(m[2]) : maxScore;
  if (!(scale > 0) || value < 0 || value > scale) return undefined;
  return value / scale;
}

/** The reply without its score line: what the per-example details show as the judge's reasoning. */
export function judgeReasoning(reply: string): string {
  const lines = reply.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const body = /^\W*score\b/i.test(last) && lines.length > 1 ? lines.slice(0, -1) : lines;
  const text = body.join('\n').trim();
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Options of the judge scorer. */
export interface JudgeScorerOptions {
  /** The rubric; empty or absent: grade against the reference answer ({@link REFERENCE_RUBRIC}). */
  readonly rubric?: string;
  readonly maxScore?: number;
}

/** A scorer that asks `judge` to grade each output; see the module comment. */
export function createJudgeScorer(options: JudgeScorerOptions | string, judge: JudgeFn, maxScore = 10) {
  const opts = typeof options === 'string' ? { rubric: options, maxScore } : options;
  const rubric = opts.rubric !== undefined && opts.rubric.trim() !== '' ? opts.rubric : REFERENCE_RUBRIC;
  const max = opts.maxScore ?? maxScore;
  return async (output: string, expected: string, context: ScoreContext = {}): Promise<ScoreResult> => {
    const input = context.example ? exampleInputText(context.example) : undefined;
    const request: JudgeRequest = { rubric, output, expected, maxScore: max, ...(input !== undefined ? { input } : {}) };
    const messages = buildJudgeMessages(request);
    try {
      const reply = await judge(messages, context.signal);
      const score = parseJudgeScore(reply, max);
      if (score !== undefined) return { score, detail: `judge: ${judgeReasoning(reply)} (${Math.round(score * max)}/${max})` };
      const again = await judge([...messages, { role: 'assistant', content: reply }, { role: 'user', content: SCORE_REMINDER }], context.signal);
      const second = parseJudgeScore(again, max);
      if (second !== undefined) return { score: second, detail: `judge (asked twice): ${judgeReasoning(again)} (${Math.round(second * max)}/${max})` };
      return { score: 0, failed: true, detail: `grading failed: the judge gave no score twice ("${again.trim().slice(-160)}")` };
    } catch (error) {
      if (!(error instanceof JudgeCallError)) throw error;
      return { score: 0, failed: true, detail: `grading failed: ${error.message}` };
    }
  };
}
