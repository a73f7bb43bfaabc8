/**
 * Sorts what can go wrong with one attempt into failure kinds, and says whether a retry
 * may help and how long the server asked us to wait.
 */
import OpenAI from 'openai';
import type { FailureKind } from './llmTypes';
import { parseRetryAfter } from './retryPolicy';

/** A classified attempt error. The message is not yet redacted. */
export interface ClassifiedError {
  readonly kind: FailureKind;
  readonly retryable: boolean;
  readonly message: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

/** A 2xx response whose body is not what the endpoint promises. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** The error of an attempt that ran past its timeout. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
}

function fromStatus(error: { readonly message: string; readonly headers: Headers | undefined }, status: number): ClassifiedError {
  const headers = error.headers;
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), headers?.get('retry-after-ms'));
  const base = { message: error.message, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) return { ...base, kind: 'rateLimit', retryable: true };
  if (status >= 500 || status === 408 || status === 409) return { ...base, kind: 'server', retryable: true };
  return { ...base, kind: 'client', retryable: false };
}

/** Classifies an error thrown by one attempt (not a user abort: the caller checks that first). */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof AttemptTimeoutError || error instanceof OpenAI.APIConnectionTimeoutError) {
    return { kind: 'timeout', retryable: true, message: 'the request timed out' };
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return { kind: 'connection', retryable: true, message: error.message };
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const headers: unknown = error.headers;
    return fromStatus({ message: error.message, headers: headers instanceof Headers ? headers : undefined }, error.status);
  }
  if (error instanceof SyntaxError || error instanceof MalformedResponseError) {
    return { kind: 'malformed', retryable: true, message: `malformed response: ${error.message}` };
  }
  // undici reports a body cut off by a dropped connection as TypeError("terminated").
  if (error instanceof TypeError || (error instanceof Error && /terminated|ECONNRESET|socket/i.test(error.message))) {
    return { kind: 'connection', retryable: true, message: `connection lost: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', retryable: false, message };
}
