/**
 * The plumbing for an LLM judge: the messages that ask for a rubric-based score, and the
 * parsing of the score from the reply. The model call itself is injected, so this stays
 * pure and testable.
 */
import type { ChatMessage } from '../prompt/chatMessages';
import { exampleInputText } from '../prompt/chatMessages';
import { type ScoreContext, type ScoreResult } from './scoreTypes';

/** Sends messages to the judge model and resolves to its reply text. */
export type JudgeFn = (messages: readonly ChatMessage[], signal?: AbortSignal) => Promise<string>;

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
    'You grade answers produced by an AI assistant.',
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

/** A scorer that asks `judge` to grade each output against `rubric`. */
export function createJudgeScorer(rubric: string, judge: JudgeFn, maxScore = 10) {
  return async (output: string, expected: string, context: ScoreContext = {}): Promise<ScoreResult> => {
    const input = context.example ? exampleInputText(context.example) : undefined;
    const request: JudgeRequest = { rubric, output, expected, maxScore, ...(input !== undefined ? { input } : {}) };
    const reply = await judge(buildJudgeMessages(request), context.signal);
    const score = parseJudgeScore(reply, maxScore);
    if (score === undefined) return { score: 0, detail: `the judge gave no score: "${reply.slice(-200)}"` };
    return { score, detail: reply.trim().slice(-300) };
  };
}
