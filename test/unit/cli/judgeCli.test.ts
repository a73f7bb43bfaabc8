import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const BASE = ['optimize', '--provider', 'sandbox', '--prompt', join(EXAMPLE, 'prompts/support.prompt'), '--data', join(EXAMPLE, 'data/support.jsonl'), '--test-data', join(EXAMPLE, 'data/support.test.jsonl'), '--budget', '10', '--val-size', '6', '--candidates', '10'];

describe('zopo optimize --metric judge', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-judge-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('optimizes the support-replies example with a rubric file, a judge model and a writer model', async () => {
    const run = await runCli([...BASE, '--metric', 'judge', '--rubric', join(EXAMPLE, 'rubric.md'), '--judge-model', 'sandbox-judge', '--generator-model', 'sandbox-writer', '--out', 'r', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /estimating: .*\(\d+ of them judge calls\).*sandbox-judge judges/);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.usageByModel.map((m) => m.model).sort(), ['sandbox', 'sandbox-judge', 'sandbox-writer']);
    assert.equal(report.failedGradings, 0);
    assert.ok(report.original.score > 0 && report.original.score < 1, 'graded, not string-matched');
  });

  it('refuses bad judge flags with exit 2 before anything runs', async () => {
    const empty = await runCli([...BASE, '--metric', 'judge', '--rubric', '  '], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--rubric is empty/);
    const without = await runCli([...BASE, '--metric', 'f1', '--rubric', 'Be kind.'], dir);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /--rubric applies to --metric judge only/);
    const noMetric = await runCli([...BASE, '--judge-model', 'gpt-4o'], dir);
    assert.equal(noMetric.code, 2);
    assert.match(noMetric.stderr, /--judge-model applies to --metric judge only/);
    writeFileSync(join(dir, 'empty.md'), '\n  \n');
    const emptyFile = await runCli([...BASE, '--metric', 'judge', '--rubric', 'empty.md'], dir);
    assert.equal(emptyFile.code, 2);
    assert.match(emptyFile.stderr, /empty\.md:1:1: the rubric file is empty/);
  });

  it('stops with exit 1 at the first call when the endpoint has no such judge model, naming it', async () => {
    const run = await runCli([...BASE, '--metric', 'judge', '--judge-model', 'gpt-judge-nope', '--out', 'r'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /404 The model does not exist.*\(model "gpt-judge-nope"\)/);
    assert.match(run.stderr, /resume it with: zopo optimize --resume r/);
  });

  it('lists the judge and the writer model in --help', async () => {
    const run = await runCli(['optimize', '--help'], dir);
    assert.match(run.stdout, /judge {6}An LLM judge grades/);
    assert.match(run.stdout, /--rubric <file\|text>/);
    assert.match(run.stdout, /--judge-model <m>/);
    assert.match(run.stdout, /--generator-model <m>/);
  });
});
