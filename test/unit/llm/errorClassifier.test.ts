import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { AttemptTimeoutError, classifyError, MalformedResponseError } from '../../../src/core/llm/errorClassifier';
import { ResponseStalledError } from '../../../src/core/llm/nodeFetch';

function apiError(status: number, code?: string, headers: Record<string, string> = {}): InstanceType<typeof OpenAI.APIError> {
  return OpenAI.APIError.generate(status, { error: { message: `status ${status}`, code: code ?? null } }, undefined, new Headers(headers));
}

function errno(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('error classifier', () => {
  it('stops at once on what no retry fixes: the key, the model or URL, an invalid request, an exhausted quota', () => {
    const cases: [number, string | undefined, string][] = [[401, undefined, 'auth'], [403, undefined, 'auth'], [404, 'model_not_found', 'notFound'], [400, undefined, 'invalidRequest'], [422, undefined, 'invalidRequest'], [429, 'insufficient_quota', 'quota']];
    for (const [status, code, kind] of cases) {
      const c = classifyError(apiError(status, code));
      assert.deepEqual([c.kind, c.retryable, c.fatal, c.status], [kind, false, true, status], `${status} ${code ?? ''}`);
    }
  });

  it("leaves a request's own 400 (its length, a content filter) to that request", () => {
    const c = classifyError(apiError(400, 'context_length_exceeded'));
    assert.deepEqual([c.kind, c.retryable, c.fatal], ['client', false, false]);
  });

  it('retries 429 (with its Retry-After), 5xx, timeouts, stalls, resets and malformed bodies', () => {
    const limited = classifyError(apiError(429, undefined, { 'retry-after': '30' }));
    assert.deepEqual([limited.kind, limited.retryable, limited.fatal, limited.retryAfterMs], ['rateLimit', true, false, 30_000]);
    assert.equal(classifyError(apiError(503)).kind, 'server');
    const timedOut = classifyError(new AttemptTimeoutError('the request timed out after 30 s'));
    assert.deepEqual([timedOut.kind, timedOut.message], ['timeout', 'the request timed out after 30 s']);
    const stalled = classifyError(new OpenAI.APIConnectionError({ cause: new ResponseStalledError('the response stalled: no data for 30 s') }));
    assert.deepEqual([stalled.kind, stalled.retryable, stalled.message], ['stalled', true, 'the response stalled: no data for 30 s']);
    const reset = classifyError(new OpenAI.APIConnectionError({ cause: errno('ECONNRESET', 'read ECONNRESET') }));
    assert.deepEqual([reset.kind, reset.message], ['connection', 'the connection was reset']);
    const refused = classifyError(new OpenAI.APIConnectionError({ cause: errno('ECONNREFUSED') }));
    assert.match(refused.message, /refused \(is the server running\?\)/);
    const empty = classifyError(new MalformedResponseError('no choices'));
    assert.deepEqual([empty.kind, empty.retryable, empty.fatal], ['malformed', true, false]);
  });
});
