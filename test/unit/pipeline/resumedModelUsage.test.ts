/**
 * Usage per model across sessions: a judged run with a writer model, each model at its own
 * price, is killed -9 mid-search and resumed; the resumed report's usage per model (chat,
 * writer, judge) must equal what the endpoint counted per model over both sessions, and
 * each model's money its own price of those tokens, not the chat model's.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { DEFAULT_PRICES, priceTokens } from '../../../src/core/cost/priceTable';
import { readUsageJournal, UsageJournal } from '../../../src/core/pipeline/usageJournal';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { entries, runCli, spawnCli, waitFor } from '../cli/cliHarness';
import { ROOT, totalRequests } from './pipelineFixtures';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const DATA = join(EXAMPLE, 'data/support.jsonl');
const TEST = join(EXAMPLE, 'data/support.test.jsonl');
const MODELS = { chat: 'gpt-4o-mini', writer: 'gpt-4.1', judge: 'gpt-4o' };

function rows(file: string): { input: string; output: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string });
}

describe('usage per model across sessions', () => {
  let dir: string;
  let server: SandboxHandle | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-model-usage-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the journal adds up each model\'s last counts of every session, and carries them', () => {
    const file = join(dir, 'usage.jsonl');
    const totals = (requests: number) => ({ requests, promptTokens: requests * 10, completionTokens: requests, failures: 0, cacheHits: 0 });
    const first = new UsageJournal(file);
    first.record(totals(1), [{ model: 'a', requests: 1, promptTokens: 0, completionTokens: 0 }]);
    first.record(totals(3), [{ model: 'a', requests: 2, promptTokens: 20, completionTokens: 2 }, { model: 'j', requests: 1, promptTokens: 10, completionTokens: 1 }]);
    first.close();
    const second = new UsageJournal(file);
    second.carry({ ...totals(2), models: [{ model: 'j', requests: 2, promptTokens: 5, completionTokens: 5 }] });
    second.record(totals(1), [{ model: 'a', requests: 1, promptTokens: 7, completionTokens: 7 }]);
    second.close();
    const read = readUsageJournal(file);
    assert.equal(read?.requests, 6);
    assert.deepEqual(read?.models, [
      { model: 'a', requests: 3, promptTokens: 27, completionTokens: 9 },
      { model: 'j', requests: 3, promptTokens: 15, completionTokens: 6 },
    ]);
  });

  it('after kill -9 and --resume, each model\'s requests, tokens and money equal the endpoint\'s counts of that model at its own price', async function () {
    this.timeout(240_000);
    server = await startSandbox({ datasets: [{ name: 'support', items: [...rows(DATA), ...rows(TEST)] }], faults: { latencyMs: 120 }, seed: 5 });
    const argv = [
      'optimize', '--provider', 'openai', '--base-url', server.baseUrl, '--model', MODELS.chat,
      '--metric', 'judge', '--judge-model', MODELS.judge, '--generator-model', MODELS.writer,
      '--prompt', join(EXAMPLE, 'prompts/support.prompt'), '--data', DATA, '--test-data', TEST,
      '--budget', '12', '--val-size', '6', '--candidates', '12', '--concurrency', '2', '--seed', '5', '--yes', '--out', 'run',
    ];
    const child = spawnCli(argv, dir);
    const logged = (): number => (entries(join(dir, 'run')).includes('evaluations.jsonl') ? readFileSync(join(dir, 'run', 'evaluations.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor(() => logged() >= 3 || child.child.exitCode !== null, 120_000, 'three logged evaluations');
    assert.equal(child.child.exitCode, null, child.output());
    // Killed while requests wait at the server and none has arrived for 30 ms (a loopback request
    // arrives within a millisecond of being counted): every counted request has arrived there.
    // Every check sleeps: the sandbox runs in this process, so a check that returned at once
    // would spin on microtasks and starve the server of the very requests it waits for.
    const quiet = async (): Promise<boolean> => {
      const seen = totalRequests(server!);
      const waiting = server!.stats.inFlight >= 1;
      await new Promise((r) => setTimeout(r, waiting ? 30 : 5));
      if (!waiting) return false;
      return server!.stats.inFlight >= 1 && totalRequests(server!) === seen;
    };
    const deadline = Date.now() + 150_000;
    while (!(await quiet())) {
      if (child.child.exitCode !== null) throw new Error(`the run ended before it could be killed mid-search:\n${child.output()}`);
      if (Date.now() > deadline) throw new Error(`the server never had a request waiting (in flight ${server.stats.inFlight}, requests ${totalRequests(server)}, logged ${logged()}):\n${child.output()}`);
    }
    child.child.kill('SIGKILL');
    await child.exit;
    const judgedBeforeKill = server.stats.chatByModel[MODELS.judge]?.requests ?? 0;
    assert.ok(judgedBeforeKill > 0, 'the killed session had asked the judge');

    const resumed = await runCli(['optimize', '--resume', 'run', '--json'], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.ok((server.stats.chatByModel[MODELS.judge]?.requests ?? 0) > judgedBeforeKill, 'the resume asked the judge too');
    const seen = server.stats.chatByModel;
    assert.deepEqual(report.usageByModel.map((m) => m.model).sort(), Object.keys(seen).sort(), 'the same models as the endpoint saw');
    let modelsCost = 0;
    let modelPrompt = 0;
    let modelCompletion = 0;
    for (const line of report.usageByModel) {
      const at = seen[line.model];
      assert.deepEqual([line.requests, line.promptTokens, line.completionTokens], [at?.requests, at?.promptTokens, at?.completionTokens], `${line.model}: the report against the endpoint's count`);
      const own = priceTokens(DEFAULT_PRICES, line.model, line.promptTokens, line.completionTokens) ?? NaN;
      assert.ok(Math.abs((line.costUsd ?? NaN) - own) < 1e-12, `${line.model} at its own price: ${line.costUsd} vs ${own}`);
      modelsCost += own;
      modelPrompt += line.promptTokens;
      modelCompletion += line.completionTokens;
    }
    assert.equal(report.usage.requests, totalRequests(server), 'all requests, both sessions');
    // What no chat model accounts for (the embeddings) is at the chat model's price.
    const rest = priceTokens(DEFAULT_PRICES, MODELS.chat, report.usage.promptTokens - modelPrompt, report.usage.completionTokens - modelCompletion) ?? NaN;
    assert.ok(Math.abs((report.usage.costUsd ?? NaN) - (modelsCost + rest)) < 1e-9, `total ${report.usage.costUsd} vs ${modelsCost + rest}`);
  });
});
