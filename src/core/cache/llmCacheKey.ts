/**
 * Cache keys of LLM calls: a stable hash of provider, base URL, model, the kind of call,
 * its messages (or input) and its parameters. The API key is never part of it, so entries
 * survive a key rotation and the cache file never holds a secret.
 */
import { stableHash } from './stableHash';

/** Everything that determines an LLM call's answer. */
export interface LlmCallIdentity {
  readonly provider: string;
  readonly baseUrl: string;
  readonly model: string;
  readonly kind: 'chat' | 'embedding';
  /** Chat messages, or the text to embed. */
  readonly payload: unknown;
  readonly params?: unknown;
}

/** Version of the key scheme; bump it to orphan old entries when the scheme changes. */
const KEY_VERSION = 1;

/** The hex key of a call. */
export function llmCacheKey(identity: LlmCallIdentity): string {
  return stableHash({ v: KEY_VERSION, ...identity, baseUrl: cachedBaseUrl(identity) });
}

/**
 * The base URL as the key names it. The simulated model listens on a fresh loopback port
 * each run: without the port, a repeated or resumed sandbox run (--cache-dir) finds its answers.
 */
function cachedBaseUrl(identity: LlmCallIdentity): string {
  const url = identity.baseUrl.replace(/\/+$/, '');
  return identity.provider === 'sandbox' ? url.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.1') : url;
}
