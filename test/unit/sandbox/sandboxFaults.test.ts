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
});
