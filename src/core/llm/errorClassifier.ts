/**
 * Sorts what can go wrong with one attempt into failure kinds, and says whether a retry
 * may help, whether the failure is the endpoint's as a whole (the key, the model, the base
 * URL: no other request will fare better, so the run should stop at once), and how long
 * the server asked us to wait.
 */
import OpenAI from 'openai';
import type { FailureKind } from './llmTypes';
import { ResponseStalledError } from './nodeFetch';
import { parseRetryAfter } from './retryPolicy';

/** A classified attempt error. The message is not yet redacted. */
export interface ClassifiedError {
  readonly kind: FailureKind;
  readonly retryable: boolean;
  /** Retries cannot fix it and every other request will meet it too. */
  readonly fatal: boolean;
  readonly message: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

/** A 2xx response whose body is not what the endpoint promises. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** The error of an attempt that ran past its timeout; the message says after how long. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
}

/** Error codes of a 400 that belong to one request (its length), not to the endpoint. */
const ITEM_CODES: ReadonlySet<string> = new Set(['context_length_exceeded', 'string_above_max_length', 'content_filter', 'content_policy_violation']);

/** What a status error carries that the classification reads. */
interface StatusError {
  readonly message: string;
  readonly headers: unknown;
  readonly code: unknown;
}

function fromStatus(error: StatusError, status: number): ClassifiedError {
  const headers = error.headers instanceof Headers ? error.headers : undefined;
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), headers?.get('retry-after-ms'));
  const base = { message: error.message, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const code = typeof error.code === 'string' ? error.code : '';
  // OpenAI answers an exhausted quota or billing limit with a 429 that no wait will lift.
  if (status === 429 && code === 'insufficient_quota') return { ...base, kind: 'quota', retryable: false, fatal: true };
  if (status === 429) return { ...base, kind: 'rateLimit', retryable: true, fatal: false };
  if (status >= 500 || status === 408 || status === 409) return { ...base, kind: 'server', retryable: true, fatal: false };
  if (status === 401 || status === 403) return { ...base, kind: 'auth', retryable: false, fatal: true };
  if (status === 404) return { ...base, kind: 'notFound', retryable: false, fatal: true };
  if ((status === 400 || status === 422) && !ITEM_CODES.has(code)) return { ...base, kind: 'invalidRequest', retryable: false, fatal: true };
  return { ...base, kind: 'client', retryable: false, fatal: false };
}

/** Why a connection failed, in words, from the error node:http gave the fetch. */
function connectionMessage(cause: unknown): string {
  const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
  if (code === 'ECONNRESET' || (cause instanceof Error && /socket hang up/i.test(cause.message))) return 'the connection was reset';
  if (code === 'ECONNREFUSED') return 'the connection was refused (is the server running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be resolved';
  if (cause instanceof Error && /terminated|closed before/i.test(cause.message)) return 'the connection closed before the response ended';
  return `the connection failed${cause instanceof Error ? ` (${code ?? cause.message})` : ''}`;
}

/** Classifies an error thrown by one attempt (not a user abort: the caller checks that first). */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof AttemptTimeoutError) return { kind: 'timeout', retryable: true, fatal: false, message: error.message };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', retryable: true, fatal: false, message: 'the request timed out' };
  if (error instanceof OpenAI.APIConnectionError) {
    const cause: unknown = error.cause;
    if (cause instanceof ResponseStalledError) return { kind: 'stalled', retryable: true, fatal: false, message: cause.message };
    return { kind: 'connection', retryable: true, fatal: false, message: connectionMessage(cause) };
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const { message, headers, code } = error as { message: string; headers: unknown; code: unknown };
    return fromStatus({ message, headers, code }, error.status);
  }
  if (error instanceof SyntaxError || error instanceof MalformedResponseError) {
    return { kind: 'malformed', retryable: true, fatal: false, message: `malformed response: ${error.message}` };
  }
  // undici reports a body cut off by a dropped connection as TypeError("terminated").
  if (error instanceof TypeError || (error instanceof Error && /terminated|ECONNRESET|socket/i.test(error.message))) {
    return { kind: 'connection', retryable: true, fatal: false, message: connectionMessage(error) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', retryable: false, fatal: false, message };
}
