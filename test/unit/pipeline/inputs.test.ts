import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runOptimization } from '../../../src/core/pipeline/orchestrator';
import { RunInputError } from '../../../src/core/pipeline/runErrors';
import { fixedCandidates, smallConfig, totalRequests, useSandboxWorkspace } from './pipelineFixtures';

/** A deterministic generator: the original plus fixed edits of it. */
const editsOf = fixedCandidates((original) => {
  const endings = ['', ' Reply with one word.', ' Give the antonym only.', ' Answer with a single word and nothing else.', ' Be brief.', ' Think of the opposite meaning.'];
  return endings.flatMap((e, i) => [`${original}${e}`, `Variant ${i}: ${original}${e}`]);
});

describe('run inputs', () => {
  const env = useSandboxWorkspace();

  it('a broken dataset line is reported as file:line:col before anything is written or sent', async () => {
    const bad = env.ws.write('bad.jsonl', '{"input": "a", "output": "b"}\n{"input": "c", "output": "d"}\n{"input": "e", "output": \n');
    const runDir = env.ws.path('bad-run');
    await assert.rejects(runOptimization(smallConfig(env.ws, env.sandbox, { dataFile: bad }), { runDir }), (error: unknown) => {
      assert.ok(error instanceof RunInputError);
      assert.equal(error.file, bad);
      assert.equal(error.line, 3);
      assert.ok(error.message.startsWith(`${bad}:3:`), error.message);
      return true;
    });
    assert.equal(existsSync(runDir), false);
    assert.equal(totalRequests(env.sandbox), 0);
  });

  it('a prompt variable with no dataset field points at the placeholder', async () => {
    const twoFields = env.ws.write('two.jsonl', Array.from({ length: 30 }, (_, i) => JSON.stringify({ word: `w${i}`, hint: 'h', output: `o${i}` })).join('\n'));
    const config = smallConfig(env.ws, env.sandbox, { dataFile: twoFields, testDataFile: undefined, mapping: { inputs: ['word', 'hint'], output: 'output' }, promptText: 'Opposite of {word}.\nTopic: {topic}' });
    await assert.rejects(runOptimization(config, { runDir: env.ws.path('unbound') }), (error: unknown) => {
      assert.ok(error instanceof RunInputError);
      assert.match(error.message, /antonyms\.prompt:2:8: the prompt uses variable "topic"/);
      return true;
    });
  });

  it('binds a single template variable to the single input field, and keeps the original first in the pool', async () => {
    const config = smallConfig(env.ws, env.sandbox, { promptText: 'Write the opposite of this word: ${word}', budget: 8 });
    const result = await runOptimization(config, { runDir: env.ws.path('bound'), generate: editsOf });
    assert.equal(result.status, 'done');
    assert.equal(result.original.text, 'Write the opposite of this word: ${word}');
    assert.ok((result.original.testScore ?? 0) > 0, 'the sandbox recognised the items inside the rendered template');
  });

  it('rejects a nonsensical config as bad input', async () => {
    await assert.rejects(runOptimization(smallConfig(env.ws, env.sandbox, { validationSize: 0 }), { runDir: env.ws.path('zero') }), RunInputError);
  });
});
