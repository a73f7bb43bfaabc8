import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resumeOptimization, runOptimization } from '../../../src/core/pipeline/orchestrator';
import { RunDirectoryError } from '../../../src/core/pipeline/runErrors';
import { RUN_LOCK_FILE } from '../../../src/core/pipeline/runLock';
import { readRunStamp, sha256Of } from '../../../src/core/pipeline/runStamp';
import type { RunEvent } from '../../../src/core/pipeline/runEvents';
import { entries } from '../cli/cliHarness';
import { smallConfig, totalRequests, useSandboxWorkspace } from './pipelineFixtures';

describe('a run directory belongs to one run', () => {
  const env = useSandboxWorkspace();

  /** A run cancelled after its first evaluations: resumable. */
  async function cancelledRun(name: string, promptFile?: string): Promise<string> {
    const runDir = env.ws.path(name);
    const cancel = new AbortController();
    let finished = 0;
    const onEvent = (e: RunEvent): void => {
      if (e.type === 'evaluationFinished' && ++finished === 2) cancel.abort();
    };
    const stamp = promptFile === undefined ? {} : { promptFile: { path: promptFile, sha256: sha256Of(readFileSync(promptFile)) } };
    const result = await runOptimization(smallConfig(env.ws, env.sandbox), { runDir, onEvent, signal: cancel.signal, ...stamp });
    assert.equal(result.status, 'cancelled');
    return runDir;
  }

  it('a new run refuses a directory that holds a run, and leaves that run as it was', async () => {
    const runDir = await cancelledRun('taken');
    const files = ['config.json', 'run.json', 'evaluations.jsonl'].map((f) => readFileSync(join(runDir, f), 'utf8'));
    env.sandbox.resetStats();
    const other = smallConfig(env.ws, env.sandbox, { promptText: 'Another prompt.', model: 'other-model' });
    await assert.rejects(runOptimization(other, { runDir }), (e: unknown) => e instanceof RunDirectoryError && /taken holds run taken; use --resume/.test(e.message));
    assert.equal(totalRequests(env.sandbox), 0, 'nothing was paid');
    assert.deepEqual(['config.json', 'run.json', 'evaluations.jsonl'].map((f) => readFileSync(join(runDir, f), 'utf8')), files);
    assert.equal(entries(runDir).includes(RUN_LOCK_FILE), false, 'the lock is released');
  });

  it('records the hashes of the prompt file and the data; a resume with changed data is refused before anything is paid', async () => {
    const runDir = await cancelledRun('data-changed');
    const stamp = readRunStamp(runDir);
    assert.equal(stamp?.data?.sha256, sha256Of(readFileSync(env.ws.data)));
    assert.equal(stamp?.testData?.sha256, sha256Of(readFileSync(env.ws.test)));
    const original = readFileSync(env.ws.data, 'utf8');
    try {
      writeFileSync(env.ws.data, original + '{"input": "up", "output": "down"}\n');
      env.sandbox.resetStats();
      await assert.rejects(resumeOptimization(runDir, {}), (e: unknown) => e instanceof RunDirectoryError && e.message.includes(`the data file ${env.ws.data} has changed since the run started`));
      assert.equal(totalRequests(env.sandbox), 0);
    } finally {
      writeFileSync(env.ws.data, original);
    }
    const resumed = await resumeOptimization(runDir, {});
    assert.equal(resumed.status, 'done', 'with the data as it was, the run resumes');
  });

  it('a resume is refused when the prompt file changed or the endpoint differs, naming each', async () => {
    const prompt = env.ws.write('stamped.prompt', 'Write the opposite of the given word.\n');
    const runDir = await cancelledRun('prompt-changed', prompt);
    writeFileSync(prompt, 'Edited since.\n');
    const endpoint = { baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-other' };
    await assert.rejects(resumeOptimization(runDir, { endpoint }), (e: unknown) => {
      const message = e instanceof RunDirectoryError ? e.message : '';
      return message.includes(`the prompt file ${prompt} has changed`) && message.includes('not http://127.0.0.1:9/v1') && message.includes('the model sandbox, not gpt-other');
    });
  });

  it('a resume is refused while another run of the same directory is going on', async () => {
    const runDir = env.ws.path('busy');
    let resumeAttempt: Promise<unknown> | undefined;
    const onEvent = (e: RunEvent): void => {
      if (e.type === 'evaluationFinished' && resumeAttempt === undefined) resumeAttempt = resumeOptimization(runDir, {}).then(() => 'resumed', (error: unknown) => error);
    };
    const result = await runOptimization(smallConfig(env.ws, env.sandbox), { runDir, onEvent });
    assert.equal(result.status, 'done');
    const refusal = await resumeAttempt;
    assert.ok(refusal instanceof RunDirectoryError, String(refusal));
    assert.match(refusal.message, new RegExp(`run busy is in use by pid ${process.pid}`));
  });
});
