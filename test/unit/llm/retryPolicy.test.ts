import assert from 'node:assert/strict';
import { parseRetryAfter, retryDelayMs, sleep } from '../../../src/core/llm/retryPolicy';

const settings = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retry policy', () => {
  it('reads Retry-After in seconds, as a date, and retry-after-ms', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.05'), 50);
    assert.equal(parseRetryAfter('x', '250'), 250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', null, now), 3000);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('honours Retry-After with a little jitter, capped', () => {
    assert.equal(retryDelayMs(0, 200, settings, () => 0), 200);
    assert.ok(Math.abs(retryDelayMs(0, 200, settings, () => 1) - 220) < 1e-9);
    assert.equal(retryDelayMs(0, 60_000, settings, () => 0), 5000);
  });

  it('backs off exponentially with jitter up to the cap', () => {
    assert.equal(retryDelayMs(0, undefined, settings, () => 0), 50);
    assert.equal(retryDelayMs(0, undefined, settings, () => 1), 100);
    assert.equal(retryDelayMs(2, undefined, settings, () => 1), 400);
    assert.equal(retryDelayMs(10, undefined, settings, () => 1), 1000);
  });

  it('sleeps until aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const started = Date.now();
    await assert.rejects(sleep(5000, controller.signal), { name: 'AbortError' });
    assert.ok(Date.now() - started < 1000);
  });
});
