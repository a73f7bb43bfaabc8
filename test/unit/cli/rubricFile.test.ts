import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namesRubricFile, readRubricSource } from '../../../src/core/eval/rubricSource';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const DATA = ['--data', join(EXAMPLE, 'data/support.jsonl')];
const OPTIMIZE = ['optimize', '--provider', 'sandbox', '--prompt', join(EXAMPLE, 'prompts/support.prompt'), ...DATA, '--budget', '4', '--val-size', '4', '--out', 'r'];
const EVAL = ['eval', '--provider', 'sandbox', '--prompt', join(EXAMPLE, 'prompts/support.prompt'), ...DATA, '--limit', '4', '--no-cache'];

describe('a --rubric that names a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-rubric-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells a path from grading criteria', () => {
    for (const path of ['rubric.md', 'docs/grading.txt', 'C:\\rubrics\\r.md', './r']) assert.ok(namesRubricFile(path), path);
    for (const text of ['Be polite and concise.', 'politeness', 'Score 10 when the reply apologises.', 'e.g.', '3.5']) assert.ok(!namesRubricFile(text), text);
    assert.deepEqual(readRubricSource('politeness', dir), { kind: 'text', text: 'politeness' });
  });

  it('is an error with exit 2 when the file is missing or a folder, in optimize and in eval; nothing is run', async () => {
    for (const base of [OPTIMIZE, EVAL]) {
      const missing = await runCli([...base, '--metric', 'judge', '--rubric', 'rubrics/support.md'], dir);
      assert.equal(missing.code, 2, missing.stderr);
      assert.match(missing.stderr, /rubrics\/support\.md: no such rubric file/);
      assert.equal(missing.stdout, '');
      mkdirSync(join(dir, 'rubrics'), { recursive: true });
      const folder = await runCli([...base, '--metric', 'judge', '--rubric', 'rubrics/'], dir);
      assert.equal(folder.code, 2, folder.stderr);
      assert.match(folder.stderr, /rubrics\/: is a directory, not a rubric file/);
      rmSync(join(dir, 'rubrics'), { recursive: true });
    }
  });

  it('is read from the file when it exists, and taken as criteria when it is text', async () => {
    writeFileSync(join(dir, 'r.md'), 'Full marks for a polite reply that answers the question.\n');
    const fromFile = await runCli([...EVAL, '--metric', 'judge', '--rubric', 'r.md', '--json'], dir);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual((JSON.parse(fromFile.stdout) as { metric: unknown }).metric, { name: 'judge', rubric: 'Full marks for a polite reply that answers the question.' });
    const text = await runCli([...EVAL, '--metric', 'judge', '--rubric', 'politeness', '--json'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual((JSON.parse(text.stdout) as { metric: unknown }).metric, { name: 'judge', rubric: 'politeness' });
  });
});
