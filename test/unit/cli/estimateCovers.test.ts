/**
 * The up-front estimate errs on the high side: a run makes no more LLM calls than it said it
 * would, the original's pairing with the portfolio after the search included (before, a
 * 165-query run of examples/antonyms said 4029 calls and made 4169).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/antonyms');

describe('zopo optimize: the estimate covers the run', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-estimate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const budget of [30, 165]) {
    it(`at budget ${budget}: the calls made, pairing included, are at most the calls estimated`, async () => {
      const run = await runCli([
        'optimize', '--provider', 'sandbox', '--prompt', join(EXAMPLE, 'prompts/antonyms.prompt'), '--data', join(EXAMPLE, 'data/antonyms.jsonl'),
        '--test-data', join(EXAMPLE, 'data/antonyms.test.jsonl'), '--budget', String(budget), '--yes', '--json', '--out', 'run',
      ], dir);
      assert.equal(run.code, 0, run.stderr);
      const estimated = Number(/about (\d+) LLM calls/.exec(run.stderr)?.[1]);
      const paired = /reevaluating: the original on (\d+) more validation examples/.exec(run.stderr);
      assert.ok(paired, `the original was paired with the portfolio:\n${run.stderr}`);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.ok(report.usage.requests > 0);
      assert.ok(report.usage.requests <= estimated, `made ${report.usage.requests} calls, estimated ${estimated} (pairing ${paired[1]} examples)`);
    });
  }
});
