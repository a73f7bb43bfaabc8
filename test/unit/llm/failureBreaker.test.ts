import assert from 'node:assert/strict';
import { endpointLabel, FailureBreaker, type AttemptFailure } from '../../../src/core/llm/failureBreaker';
import type { LlmHalt } from '../../../src/core/llm/llmTypes';

const ENDPOINT = 'http://127.0.0.1:9/v1';
const timeout: AttemptFailure = { kind: 'timeout', message: 'the request timed out after 30 s', fatal: false };
const reset: AttemptFailure = { kind: 'connection', message: 'the connection was reset', fatal: false };
const rateLimit: AttemptFailure = { kind: 'rateLimit', message: '429 Rate limit reached', fatal: false, status: 429 };
const unauthorized: AttemptFailure = { kind: 'auth', message: '401 Incorrect API key provided', fatal: true, status: 401 };

function breaker(now: () => number = Date.now): { b: FailureBreaker; halts: LlmHalt[] } {
  const b = new FailureBreaker({ maxConsecutiveFailures: 8, maxRateLimitedMs: 300_000, timeoutMs: 30_000, endpoint: ENDPOINT }, now);
  const halts: LlmHalt[] = [];
  b.onHalt((h) => halts.push(h));
  return { b, halts };
}

/** Read through a call: `assert.equal(b.halt, undefined)` narrows the property for the rest of a test. */
const haltMessage = (b: FailureBreaker): string => b.halt?.message ?? '';

describe('failure breaker', () => {
  it('trips at the 8th failed attempt in a row, naming the endpoint and how long each waited', () => {
    const { b, halts } = breaker();
    for (let i = 0; i < 7; i++) b.failure(timeout);
    assert.equal(b.halt, undefined);
    b.failure(timeout);
    assert.equal(halts.length, 1);
    assert.equal(halts[0]?.failures, 8);
    assert.match(halts[0]?.message ?? '', /^requests to http:\/\/127\.0\.0\.1:9\/v1 timed out after 30 s, 8 times in a row/);
    b.failure(timeout);
    assert.equal(halts.length, 1, 'a tripped breaker stays tripped and tells once');
  });

  it('starts counting again after a success', () => {
    const { b } = breaker();
    for (let i = 0; i < 7; i++) b.failure(reset);
    b.success();
    for (let i = 0; i < 7; i++) b.failure(reset);
    assert.equal(b.halt, undefined);
    b.failure(timeout);
    assert.match(haltMessage(b), /failed 8 times in a row with no success between \(the last: the request timed out after 30 s\)/);
  });

  it('trips at once on a refusal no retry can fix, unless the caller has a fallback', () => {
    const { b, halts } = breaker();
    b.failure(unauthorized, false);
    assert.equal(b.halt, undefined);
    b.failure(unauthorized);
    assert.deepEqual(halts, [{ kind: 'auth', status: 401, failures: 1, message: `${ENDPOINT} refused the request: 401 Incorrect API key provided; check the API key` }]);
  });

  it("neither counts nor ends the streak on an item's own 4xx", () => {
    const { b } = breaker();
    for (let i = 0; i < 7; i++) {
      b.failure(reset);
      b.failure({ kind: 'client', message: '400 context_length_exceeded', fatal: false, status: 400 });
    }
    assert.equal(b.halt, undefined);
    b.failure(reset);
    assert.ok(b.halt !== undefined);
  });

  it('treats 429s as pacing: they do not count, but only 429s for 5 minutes trip it', () => {
    let t = 0;
    const { b } = breaker(() => t);
    for (let i = 0; i < 7; i++) b.failure(reset);
    for (; t < 299_000; t += 10_000) b.failure(rateLimit);
    assert.equal(b.halt, undefined, 'a rate-limited spell under 5 minutes');
    b.success();
    t += 300_000;
    b.failure(rateLimit);
    assert.equal(b.halt, undefined, 'a success ended the spell');
    t += 300_000;
    b.failure(rateLimit);
    assert.match(haltMessage(b), /were rate limited for 5 minutes without one succeeding \(429 Rate limit reached\)/);
  });

  it('describes the endpoint without credentials or query', () => {
    assert.equal(endpointLabel('https://user:pw@example.com/v1?api-key=secret#x'), 'https://example.com/v1');
    assert.equal(endpointLabel(''), 'https://api.openai.com/v1');
    assert.equal(endpointLabel(undefined), 'https://api.openai.com/v1');
    assert.equal(endpointLabel('not a url'), 'the configured base URL');
  });
});
