import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalJson } from '../../../src/cli/evalReport';
import { DEFAULT_PRICES, priceTokens } from '../../../src/core/cost/priceTable';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const DATA = join(EXAMPLE, 'data/support.jsonl');

describe('zopo eval with a judge model: usage per model', () => {
  let dir: string;
  let server: SandboxHandle;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-eval-models-'));
    const items = readFileSync(DATA, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string });
    server = await startSandbox({ datasets: [{ name: 'support', items }], seed: 3 });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each model\'s requests and tokens as the endpoint counted them, each at its own price, in --json and the text', async () => {
    const argv = ['eval', '--provider', 'openai', '--base-url', server.baseUrl, '--model', 'gpt-4o-mini', '--metric', 'judge', '--judge-model', 'gpt-4o', '--prompt', join(EXAMPLE, 'prompts/support.prompt'), '--data', DATA, '--limit', '6', '--no-cache', '--yes'];
    const run = await runCli([...argv, '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalJson;
    assert.deepEqual(report.usageByModel.map((m) => m.model).sort(), ['gpt-4o', 'gpt-4o-mini']);
    let sum = 0;
    for (const m of report.usageByModel) {
      const seen = server.stats.chatByModel[m.model];
      assert.deepEqual([m.requests, m.promptTokens, m.completionTokens], [seen?.requests, seen?.promptTokens, seen?.completionTokens], m.model);
      const own = priceTokens(DEFAULT_PRICES, m.model, m.promptTokens, m.completionTokens) ?? NaN;
      assert.ok(Math.abs((m.costUsd ?? NaN) - own) < 1e-12, `${m.model} at its own price`);
      sum += own;
    }
    assert.ok(Math.abs((report.usage.costUsd ?? NaN) - sum) < 1e-12, 'the total is the sum of the models');
    const text = await runCli(argv, dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\n {2}gpt-4o: 6 requests, \d+ \+ \d+ tokens, \$[\d.]+\n/);
  });
});
