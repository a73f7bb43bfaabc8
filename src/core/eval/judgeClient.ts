/**
 * The judge's model call through the run's own LLM client, so every grading is cached (a
 * resumed or repeated run never pays for it twice), rate-limited, counted in the usage and
 * the limits, and stopped by the client's breaker (a judge model the endpoint does not have
 * is a 404, which ends the run at its first call). The scorer is built before the client
 * exists (a misconfigured metric must fail before anything is paid for), so the link is
 * made first and attached to the client once there is one.
 */
import type { LlmClient } from '../llm/llmClient';
import type { ChatParams } from '../llm/llmTypes';
import { JudgeCallError, type JudgeFn } from './llmJudge';

/** Deterministic grading with room for a few lines of reasoning and the score line. */
export const JUDGE_PARAMS: ChatParams = { temperature: 0, maxTokens: 300 };

/** A judge whose client is attached later; see the module comment. */
export class JudgeLink {
  private client: Pick<LlmClient, 'chat'> | undefined;
  private model: string | undefined;

  /** Grades through the attached client; refused before {@link attach}. */
  readonly judge: JudgeFn = async (messages, signal) => {
    if (this.client === undefined) throw new JudgeCallError('the judge has no LLM client yet');
    const result = await this.client.chat({ messages, params: JUDGE_PARAMS, ...(this.model === undefined || this.model === '' ? {} : { model: this.model }) }, signal);
    if (result.status === 'ok') return result.value.texts[0] ?? '';
    if (result.status === 'cancelled') throw new JudgeCallError('the grading was cancelled');
    throw new JudgeCallError(`the judge model${this.model ? ` "${this.model}"` : ''} did not answer: ${result.failure.message}`);
  };

  /** Sends the judge's requests to `client`, for `model` (empty or absent: the client's chat model). */
  attach(client: Pick<LlmClient, 'chat'>, model?: string): void {
    this.client = client;
    this.model = model;
  }
}

/** A judge bound to `client` at once (`zopo eval`, tests). */
export function clientJudge(client: Pick<LlmClient, 'chat'>, model?: string): JudgeFn {
  const link = new JudgeLink();
  link.attach(client, model);
  return link.judge;
}
