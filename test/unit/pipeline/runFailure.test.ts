/** Runs that cannot go on because the endpoint went down: stopped, saved as failed, resumable. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resumeOptimization, runOptimization } from '../../../src/core/pipeline/orchestrator';
import { RunFailedError } from '../../../src/core/pipeline/runErrors';
import type { RunEvent } from '../../../src/core/pipeline/runEvents';
import type { SandboxFaultKind } from '../../../src/core/sandbox/sandboxTypes';
import { parseRunRecord } from '../../../src/core/runs/runRecord';
import { EventLog, FAST_RETRIES, fixedCandidates, makeWorkspace, sandboxFor, smallConfig, totalRequests, type Workspace } from './pipelineFixtures';

const variants = fixedCandidates((original) => [original, `${original} Answer with one word.`, `Give the antonym. ${original}`, `${original} Be brief.`]);

describe('a run whose endpoint goes down mid-search', function () {
  this.timeout(30_000);
  let ws: Workspace;
  before(() => {
    ws = makeWorkspace();
  });
  after(() => ws.cleanup());

  it('stops at the breaker with its state saved as failed, and a resume finishes once the endpoint is back', async () => {
    // Twelve good answers (the original's five and more), then every connection reset.
    const server = await sandboxFor(ws, { script: Array<SandboxFaultKind>(12).fill('none'), resetRate: 1 });
    try {
      const config = smallConfig(ws, server, { embeddingModel: '', concurrency: 2, budget: 8 });
      const runDir = ws.path('down');
      const log = new EventLog();
      const options = { runDir, generate: variants, clientOptions: FAST_RETRIES };
      await assert.rejects(runOptimization(config, { ...options, onEvent: log.listener }), (error: unknown) => {
        assert.ok(error instanceof RunFailedError, String(error));
        assert.equal(error.runDir, runDir);
        assert.match(error.message, new RegExp(`requests to ${server.baseUrl} failed 8 times in a row with no success between: the connection was reset`));
        return true;
      });
      assert.equal(log.of('failed').length, 1);
      assert.equal(log.of('done').length, 0);
      const record = parseRunRecord(readFileSync(join(runDir, 'run.json'), 'utf8'));
      assert.equal(typeof record === 'string' ? record : record.status, 'failed');
      const logged = readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; failed: number });
      assert.equal(logged[0]?.reason, 'original', 'the evaluations before the outage are kept');
      assert.ok(logged.every((e) => e.failed === 0), 'nothing the outage spoiled is logged, so a resume evaluates it again');
      const sentBefore = totalRequests(server);
      assert.ok(sentBefore <= 12 + 8 + 1, `${sentBefore} requests`);

      server.setFaults({});
      const resumed = await resumeOptimization(runDir, { generate: variants, clientOptions: FAST_RETRIES });
      assert.equal(resumed.status, 'done');
      assert.equal(resumed.queries, 8);
    } finally {
      await server.close();
    }
  });

  it('never reports done when the original cannot be scored on the test set', async () => {
    const server = await sandboxFor(ws);
    try {
      const config = smallConfig(ws, server, { embeddingModel: '', budget: 6 });
      // Each test request is refused on its own (too long): no breaker trips, yet there is no comparison.
      const onEvent = (e: RunEvent): void => {
        if (e.type === 'phase' && e.phase === 'testing') server.setFaults({ contextLengthRate: 1 });
      };
      const events = new EventLog();
      const both = (e: RunEvent): void => {
        onEvent(e);
        events.listener(e);
      };
      await assert.rejects(runOptimization(config, { runDir: ws.path('untested'), generate: variants, clientOptions: FAST_RETRIES, onEvent: both }), (error: unknown) => {
        assert.ok(error instanceof RunFailedError, String(error));
        assert.match(error.message, /^the original prompt could not be scored on the test set: every request failed \(400 This model's maximum context length/);
        return true;
      });
      assert.equal(events.of('done').length, 0);
      assert.ok(server.stats.contextLength > 0);
    } finally {
      await server.close();
    }
  });
});
