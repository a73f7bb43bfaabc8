import assert from 'node:assert/strict';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { postJson } from './sandboxHttp';
import { itemMessages, sentimentDataset } from './sentimentFixture';

describe('sandbox faults', () => {
  let sandbox: SandboxHandle;
  const body = { model: 'm', messages: itemMessages('Classify.', 'Review 0: a wonderful film, scene 0.') };
  const post = (): ReturnType<typeof postJson> => postJson(`${sandbox.baseUrl}/chat/completions`, body);

  before(async () => {
    sandbox = await startSandbox({ datasets: [sentimentDataset(10)] });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  it('sends 429 with Retry-After, then 5xx, as scripted, then recovers', async () => {
    sandbox.setFaults({ script: ['rateLimit', 'serverError'], retryAfterSeconds: 0.05 });
    const limited = await post();
    assert.ok(!('error' in limited));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '0.05');
    const failed = await post();
    assert.ok(!('error' in failed) && failed.status >= 500);
    const ok = await post();
    assert.ok(!('error' in ok) && ok.status === 200);
    assert.equal(sandbox.stats.rateLimited, 1);
    assert.equal(sandbox.stats.serverErrors, 1);
    assert.equal(sandbox.stats.succeeded, 1);
  });

  it('sends malformed JSON with status 200', async () => {
    sandbox.setFaults({ script: ['malformed'] });
    const res = await post();
    assert.ok(!('error' in res));
    assert.equal(res.status, 200);
    assert.throws(() => JSON.parse(res.text) as unknown);
    assert.equal(sandbox.stats.malformed, 1);
  });

  it('drops the connection mid-response', async () => {
    sandbox.setFaults({ script: ['drop'] });
    const res = await post();
    assert.ok('error' in res, 'expected the body read to fail');
    assert.equal(sandbox.stats.dropped, 1);
  });

  it('adds latency, and applies rates from a seed', async () => {
    sandbox.setFaults({ latencyMs: 40 });
    const started = Date.now();
    await post();
    assert.ok(Date.now() - started >= 38);
    sandbox.setFaults({ serverErrorRate: 0.5 });
    for (let i = 0; i < 40; i++) await post();
    assert.ok(sandbox.stats.serverErrors > 8 && sandbox.stats.serverErrors < 32, String(sandbox.stats.serverErrors));
  });

  it('refuses with 401, 404, 400 and 400 context_length_exceeded, in OpenAI\'s error shape', async () => {
    sandbox.setFaults({ script: ['unauthorized', 'notFound', 'badRequest', 'contextLength'] });
    const seen: [number, string | null][] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post();
      assert.ok(!('error' in res));
      const body = JSON.parse(res.text) as { error: { code: string | null } };
      seen.push([res.status, body.error.code]);
    }
    assert.deepEqual(seen, [[401, 'invalid_api_key'], [404, 'model_not_found'], [400, null], [400, 'context_length_exceeded']]);
    const s = sandbox.stats;
    assert.deepEqual([s.unauthorized, s.notFound, s.badRequests, s.contextLength, s.succeeded], [1, 1, 1, 1, 0]);
  });

  it('answers 200 with choices: []', async () => {
    sandbox.setFaults({ script: ['emptyChoices'] });
    const res = await post();
    assert.ok(!('error' in res) && res.status === 200);
    assert.deepEqual((JSON.parse(res.text) as { choices: unknown[] }).choices, []);
    assert.equal(sandbox.stats.emptyChoices, 1);
  });

  it('resets the connection before any response', async () => {
    sandbox.setFaults({ script: ['reset'] });
    const res = await post();
    assert.ok('error' in res);
    assert.equal(sandbox.stats.resets, 1);
  });

  it('never answers a hung request, holding it open until the client gives up', async () => {
    sandbox.setFaults({ script: ['hang'] });
    const started = Date.now();
    const res = await postJson(`${sandbox.baseUrl}/chat/completions`, body, 300);
    assert.ok('error' in res && /abort|timeout/i.test(res.error.name + res.error.message), JSON.stringify(res));
    assert.ok(Date.now() - started >= 290);
    assert.equal(sandbox.stats.hung, 1);
    // The server hears of the client's close a moment later.
    for (let i = 0; i < 100 && sandbox.stats.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sandbox.stats.inFlight, 0, 'the request is over once the client went away');
  });

  it('drips a body one byte at a time, at the set interval', async () => {
    sandbox.setFaults({ script: ['drip'], dripIntervalMs: 1 });
    const started = Date.now();
    const res = await post();
    assert.ok(!('error' in res) && res.status === 200);
    // Each byte waits for its own timer turn: hundreds of bytes take visibly longer than one reply.
    assert.ok(Date.now() - started >= res.text.length, `${Date.now() - started} ms for ${res.text.length} bytes`);
    assert.doesNotThrow(() => JSON.parse(res.text) as unknown);
    assert.equal(sandbox.stats.dripped, 1);
  });
});
