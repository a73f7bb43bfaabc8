import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { LEDGER_FILE, type LedgerBatch } from '../../../src/core/batch/batchLedger';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { runOptimization } from '../../../src/core/pipeline/orchestrator';
import { RunInputError } from '../../../src/core/pipeline/runErrors';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, smallConfig, type Workspace } from '../pipeline/pipelineFixtures';
import { runCli, spawnCli, waitFor } from '../cli/cliHarness';

const PROMPT_TEXT = 'Write the opposite of the given word.\n';

/** `zopo optimize --batch` as a user runs it: the real CLI, the real openai client, the loopback sandbox's Batch API. */
describe('zopo optimize --batch', () => {
  let ws: Workspace;
  const servers: SandboxHandle[] = [];
  const argv = (s: SandboxHandle, out: string, extra: readonly string[] = []): string[] => [
    'optimize', '--provider', 'sandbox', '--base-url', s.baseUrl, '--prompt', 'p.prompt', '--data', ws.data, '--test-data', ws.test,
    '--budget', '12', '--val-size', '4', '--candidates', '10', '--seed', '4', '--local-embeddings', '--out', out, '--json', '--no-cache', ...extra,
  ];
  const batchFlags = ['--batch', '--batch-size', '4', '--batch-poll', '0.05'];
  const server = async (latencyMs: number): Promise<SandboxHandle> => {
    const s = await sandboxFor(ws);
    s.setBatchOptions({ latencyMs });
    servers.push(s);
    return s;
  };
  const ledger = (out: string): LedgerBatch[] => (JSON.parse(readFileSync(join(ws.dir, out, LEDGER_FILE), 'utf8')) as { batches: LedgerBatch[] }).batches;

  before(() => {
    ws = makeWorkspace();
    ws.write('p.prompt', PROMPT_TEXT);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    ws.cleanup();
  });

  it('gives the same kind of result as a direct run, every answer from batch output files, no direct chat call', async function () {
    this.timeout(60_000);
    const direct = await server(0);
    const plain = await runCli(argv(direct, 'direct'), ws.dir);
    assert.equal(plain.code, 0, plain.stderr);
    const s = await server(30);
    const r = await runCli(argv(s, 'batched', batchFlags), ws.dir);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(plain.stdout) as JsonReport;
    const b = JSON.parse(r.stdout) as JsonReport;
    assert.equal(b.queries, a.queries);
    assert.equal(b.prompts.length, a.prompts.length);
    assert.ok(b.prompts.every((p) => typeof p.testScore === 'number'), 'the portfolio was tested');
    assert.equal(s.stats.requests.chat, 0, 'zero direct chat calls');
    const stats = s.batchStats;
    assert.ok(stats.linesAnswered > 0 && stats.linesSubmitted === stats.linesAnswered, JSON.stringify({ ...stats, submissions: undefined }));
    assert.ok(Object.values(stats.submissions).every((n) => n === 1), 'no line submitted twice');
    assert.equal(b.usage.requests, stats.linesSubmitted, 'each line is one call in the usage');
    // Rounds: the original, then rounds of 4 queries, each one batch (plus generation and the test split).
    const batches = ledger('batched');
    assert.ok(batches.every((x) => x.ended && x.status === 'completed'));
    assert.ok(batches.length >= 4 && batches.length <= 12, `${batches.length} batches`);
    assert.match(r.stderr, /waiting for batch batch_sim_\d+ \(\d+ of \d+ lines done/);
  });

  it('kill -9 with batches in flight, then --resume: no line submitted twice, and the run completes', async function () {
    this.timeout(90_000);
    const s = await server(1500);
    const run = spawnCli(argv(s, 'killed', batchFlags), ws.dir);
    // The third batch: generation is done, a search round is in flight.
    await waitFor(() => s.batchStats.batchesCreated >= 3, 60_000, 'a search batch');
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGKILL');
    await run.exit;
    const inFlight = ledger('killed').filter((b) => !b.ended);
    assert.ok(inFlight.length >= 1, 'a batch was in flight at the kill');
    s.setBatchOptions({ latencyMs: 30 });
    const resumed = await runCli(['optimize', '--resume', 'killed', '--json'], ws.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /still in flight; their lines are not submitted again/);
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.equal(report.queries, 12);
    assert.ok(typeof report.prompts[0]?.testScore === 'number');
    const twice = Object.entries(s.batchStats.submissions).filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no line submitted twice');
    assert.equal(s.stats.requests.chat, 0);
    assert.ok(ledger('killed').every((b) => b.ended));
  });

  it('failed lines are failed requests: warned about, counted, left out of the scores', async function () {
    this.timeout(30_000);
    const s = await server(20);
    let armed = false;
    const onStderr = (text: string): void => {
      if (!armed && text.startsWith('searching')) {
        armed = true;
        s.setBatchOptions({ latencyMs: 20, failLines: 3 });
      }
    };
    const r = await runCli(argv(s, 'failing', batchFlags), ws.dir, { onStderr });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /some requests failed after retries \(batch batch_sim_\d+, line [0-9a-f]+: 500 /);
    const lines = readFileSync(join(ws.dir, 'failing', 'evaluations.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    const failed = lines.map((l) => JSON.parse(l) as { failed: number }).reduce((sum, e) => sum + e.failed, 0);
    assert.equal(failed, 3);
    assert.equal(s.batchStats.linesFailed, 3);
    const usage = (JSON.parse(readFileSync(join(ws.dir, 'failing', 'run.json'), 'utf8')) as { usage: { failures: number } }).usage;
    assert.equal(usage.failures, 3);
  });

  it('an endpoint without /v1/batches: exit 1 at the first call, naming it', async function () {
    this.timeout(30_000);
    const s = await server(0);
    s.setBatchOptions({ unsupported: true });
    const r = await runCli(argv(s, 'nobatch', batchFlags), ws.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`${s.baseUrl} has no Batch API: POST /files answered 404`), r.stderr);
    assert.equal(s.batchStats.batchesCreated, 0);
  });

  it('a batch that could exceed --max-calls is not created: the run stops at the limit', async function () {
    this.timeout(30_000);
    const s = await server(10);
    const r = await runCli(argv(s, 'capped', [...batchFlags, '--max-calls', '60', '--yes']), ws.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /could exceed the limit of 60 LLM calls/);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(report.usage.requests <= 60, `${report.usage.requests} calls`);
    assert.ok(s.batchStats.linesSubmitted <= 60);
  });

  it('bad input: batch flags without --batch exit 2; batch mode with a ready-made client (no Batch API) is refused', async () => {
    const r = await runCli(['optimize', '--prompt', 'p.prompt', '--data', ws.data, '--batch-size', '8'], ws.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--batch-size and --batch-poll only make sense with --batch/);
    const s = await server(0);
    const config = smallConfig(ws, s, { batch: { roundSize: 4, maxPollSeconds: 1 } });
    const llm = new LlmClient({ apiKey: 'x', baseUrl: s.baseUrl, chatModel: 'sandbox' });
    await assert.rejects(runOptimization(config, { runDir: ws.path('ready-client'), llm }), (e: unknown) => e instanceof RunInputError && /needs an endpoint with the Batch API/.test(e.message));
  });
});
