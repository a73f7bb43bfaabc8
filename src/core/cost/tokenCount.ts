/**
 * Token counting with gpt-tokenizer (o200k_base, the encoding of the gpt-4o and later
 * families). For other model families the counts are close estimates, not exact.
 */
import { tokenizer } from './tokenizer';

/** Special-token text in user data is counted as ordinary text, never rejected. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * OpenAI's documented chat accounting: every message costs 3 tokens of framing on top of
 * its content (plus 1 when it has a name) and every reply is primed with 3 more.
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;

/** A chat message as far as token counting cares. */
export interface CountableMessage {
  readonly role: string;
  readonly content: string;
  readonly name?: string;
}

/** Tokens in a plain string. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return tokenizer().countTokens(text, PLAIN_TEXT);
}

/** Prompt tokens of a chat request, including the per-message framing. */
export function countChatTokens(messages: readonly CountableMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.content);
    if (message.name !== undefined) total += TOKENS_PER_NAME + countTokens(message.name);
  }
  return total;
}
