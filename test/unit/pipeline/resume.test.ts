import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resumeOptimization, runOptimization } from '../../../src/core/pipeline/orchestrator';
import type { EvaluationEntry, PortfolioFile } from '../../../src/core/pipeline/runFileTypes';
import { parseRunRecord } from '../../../src/core/runs/runRecord';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { EventLog, makeWorkspace, sandboxFor, smallConfig, totalRequests, type Workspace } from './pipelineFixtures';

function searchPath(runDir: string): string[] {
  return readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as EvaluationEntry)
    .map((e) => `${e.kind}:${e.candidate}:${e.reason}:${e.repeats}:${e.correct}/${e.total}`);
}

function recordStatus(runDir: string): string {
  const record = parseRunRecord(readFileSync(join(runDir, 'run.json'), 'utf8'));
  return typeof record === 'string' ? record : record.status;
}

describe('stopping and resuming a run', () => {
  let ws: Workspace;
  const sandboxes: SandboxHandle[] = [];
  const sandbox = async (): Promise<SandboxHandle> => {
    const s = await sandboxFor(ws, { latencyMs: 3 });
    sandboxes.push(s);
    return s;
  };

  before(() => {
    ws = makeWorkspace();
  });
  after(async () => {
    await Promise.all(sandboxes.map((s) => s.close()));
    ws.cleanup();
  });

  it('a gracefully stopped run resumes to the same result without repeating a single request', async () => {
    // Past ZOPO's 12-query initial design, so gradient steps depend on what was told.
    const config = (s: SandboxHandle) => smallConfig(ws, s, { budget: 24 });
    const reference = await sandbox();
    await runOptimization(config(reference), { runDir: ws.path('ref') });
    const uninterrupted = totalRequests(reference);

    const server = await sandbox();
    const stop = new AbortController();
    const log = new EventLog();
    const onEvent = (e: Parameters<EventLog['listener']>[0]): void => {
      log.listener(e);
      if (log.of('evaluationFinished').length === 15) stop.abort();
    };
    const runDir = ws.path('stopped');
    const first = await runOptimization(config(server), { runDir, onEvent, stopSignal: stop.signal, stoppedStatus: 'interrupted' });
    assert.equal(first.status, 'interrupted');
    assert.equal(recordStatus(runDir), 'interrupted');
    assert.ok(first.queries >= 15 && first.queries < 24, `stopped after ${first.queries} queries`);
    const beforeResume = totalRequests(server);
    assert.ok(beforeResume < uninterrupted);

    const resumed = new EventLog();
    const second = await resumeOptimization(runDir, { onEvent: resumed.listener });
    assert.equal(second.status, 'done');
    assert.equal(second.queries, 24);
    assert.equal(totalRequests(server), uninterrupted, 'no request was sent twice');
    assert.deepEqual(searchPath(runDir), searchPath(ws.path('ref')));
    assert.equal(second.usage.requests, uninterrupted, 'usage counts both sessions');
    assert.ok(resumed.of('evaluationFinished').length >= first.queries, 'replayed evaluations are announced');
  });

  it('a cancel keeps the finished evaluations and writes the portfolio so far; resume completes it', async () => {
    const server = await sandbox();
    const cancel = new AbortController();
    const log = new EventLog();
    const onEvent = (e: Parameters<EventLog['listener']>[0]): void => {
      log.listener(e);
      if (log.of('evaluationFinished').length === 5) cancel.abort();
    };
    const runDir = ws.path('cancelled');
    const result = await runOptimization(smallConfig(ws, server), { runDir, onEvent, signal: cancel.signal });
    assert.equal(result.status, 'cancelled');
    assert.equal(log.events.at(-1)?.type, 'cancelled');
    assert.equal(recordStatus(runDir), 'cancelled');
    const kept = searchPath(runDir);
    assert.ok(kept.length >= 5, `kept ${kept.length} evaluations`);
    const portfolio = JSON.parse(readFileSync(join(runDir, 'portfolio.json'), 'utf8')) as PortfolioFile;
    assert.equal(portfolio.tested, false);
    assert.ok(portfolio.portfolio.length >= 1);
    assert.equal(portfolio.original.candidateId, 0);

    const done = await resumeOptimization(runDir, {});
    assert.equal(done.status, 'done');
    assert.equal(done.queries, 16);
    assert.deepEqual(searchPath(runDir).slice(0, kept.length), kept, 'earlier evaluations are kept as they were');
  });

  it('resuming a finished run returns its result and sends nothing', async () => {
    const server = await sandbox();
    const runDir = ws.path('finished');
    const first = await runOptimization(smallConfig(ws, server), { runDir });
    const sent = totalRequests(server);
    const again = await resumeOptimization(runDir, {});
    assert.equal(totalRequests(server), sent);
    assert.deepEqual(again.portfolio, first.portfolio);
  });

  it('refuses a directory that is not a run', async () => {
    await assert.rejects(resumeOptimization(ws.path('nowhere'), {}), { name: 'ResumeError' });
    assert.equal(existsSync(ws.path('nowhere')), false);
  });
});
