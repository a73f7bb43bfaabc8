/**
 * One chat request of LlmClient in batch mode: handed to the batch channel as a line, its
 * answer read like a direct call's (a malformed body is a malformed failure), its outcome
 * reported to the client's breaker and counters through `hooks`.
 */
import { classifyError } from '../llm/errorClassifier';
import type { AttemptFailure } from '../llm/failureBreaker';
import type { ChatRequest, ChatValue, LlmHalt, LlmResult } from '../llm/llmTypes';
import { chatRequestBody, parseChat } from '../llm/openaiTransport';
import type { BatchChannel } from './batchTypes';

/** What the client lends the batch path. */
export interface BatchChatHooks {
  readonly halt: () => LlmHalt | undefined;
  /** The line is about to be uploaded: one call. */
  readonly sent: () => void;
  readonly succeeded: () => void;
  /** The answer is another request's line (a cache hit, in effect). */
  readonly shared: () => void;
  readonly failed: (failure: AttemptFailure) => LlmResult<never>;
  readonly cancelled: () => LlmResult<never>;
}

/** Sends `request` as a batch line keyed by its cache key; never throws. */
export async function chatThroughBatch(
  channel: BatchChannel,
  call: { readonly customId: string; readonly model: string; readonly request: ChatRequest },
  signal: AbortSignal | undefined,
  hooks: BatchChatHooks,
): Promise<LlmResult<ChatValue>> {
  const halt = hooks.halt();
  if (halt !== undefined) return { status: 'failed', failure: { kind: 'halted', message: halt.message }, attempts: 0 };
  const body = chatRequestBody(call.model, call.request) as unknown as Record<string, unknown>;
  const outcome = await channel.submit({ customId: call.customId, body }, signal, hooks.sent);
  if (outcome.status === 'cancelled') return hooks.cancelled();
  if (outcome.status === 'failed') return hooks.failed(outcome.failure);
  try {
    const value = parseChat(outcome.body);
    if (outcome.shared === true) {
      hooks.shared();
      return { status: 'ok', value, cached: true, attempts: 0 };
    }
    hooks.succeeded();
    return { status: 'ok', value, cached: false, attempts: 1 };
  } catch (error) {
    const classified = classifyError(error);
    return hooks.failed({ kind: classified.kind, fatal: false, message: `batch line ${call.customId.slice(0, 12)}: ${classified.message}` });
  }
}
