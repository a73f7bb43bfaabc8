import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, ROOT, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { entries, runCli, spawnCli, waitFor } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/antonyms');
const PROMPT_TEXT = 'Write the opposite of the given word.\n';

describe('zopo optimize runs', () => {
  let ws: Workspace;
  const sandboxes: SandboxHandle[] = [];

  before(() => {
    ws = makeWorkspace();
  });
  after(async () => {
    await Promise.all(sandboxes.map((s) => s.close()));
    ws.cleanup();
  });

  it('optimizes the bundled example on the simulated model, prints one JSON object, leaves the prompt alone', async () => {
    const prompt = ws.write('antonyms.prompt', readFileSync(join(EXAMPLE, 'prompts/antonyms.prompt'), 'utf8'));
    const argv = ['optimize', '--provider', 'sandbox', '--prompt', 'antonyms.prompt', '--data', join(EXAMPLE, 'data/antonyms.jsonl'), '--test-data', join(EXAMPLE, 'data/antonyms.test.jsonl'), '--budget', '20', '--val-size', '10', '--concurrency', '8', '--json'];
    const run = await runCli(argv, ws.dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.simulated, true);
    assert.equal(report.queries, 20);
    assert.ok(report.prompts.length >= 1);
    for (const p of report.prompts) {
      assert.equal(typeof p.text, 'string');
      assert.equal(typeof p.score, 'number');
      assert.equal(p.interval.length, 2);
      assert.equal(typeof p.testScore, 'number');
    }
    assert.equal(report.original.text, 'Write the opposite of the given word.');
    assert.ok((report.prompts[0]?.testScore ?? 0) > (report.original.testScore ?? 1), 'the best prompt beats the original on held-out data');
    assert.ok(report.usage.requests > 0 && report.usage.costUsd === 0);
    assert.ok(report.runDir.startsWith(join(ws.dir, '.zopo', 'runs')));
    assert.match(run.stderr, /simulated/);
    assert.equal(readFileSync(prompt, 'utf8'), readFileSync(join(EXAMPLE, 'prompts/antonyms.prompt'), 'utf8'));
  });

  it('--write replaces the prompt file with the held-out-better prompt, keeping its trailing newline', async () => {
    const prompt = ws.write('w.prompt', PROMPT_TEXT);
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'w.prompt', '--data', ws.data, '--test-data', ws.test, '--budget', '12', '--val-size', '5', '--out', 'runs/w', '--write', '--json'], ws.dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    // Only a prompt the held-out test calls better is written (writeChoice.ts).
    const chosen = report.recommended === null ? undefined : report.prompts[report.recommended];
    if (chosen !== undefined) assert.equal(chosen.verdict, 'better');
    const expected = chosen === undefined ? PROMPT_TEXT : `${chosen.text}\n`;
    assert.equal(readFileSync(prompt, 'utf8'), expected);
    assert.deepEqual(entries(join(ws.dir, 'runs', 'w')).filter((f) => f.endsWith('.tmp')), [], 'no temporary files are left');
  });

  it('reads the prompt from stdin and prints a side-by-side table', async () => {
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', '-', '--data', ws.data, '--budget', '8', '--val-size', '5', '--local-embeddings'], ws.dir, { stdin: PROMPT_TEXT });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Done \(simulated\): 8 queries\./);
    assert.match(run.stdout, /^original .*Write the opposite of the given word\./m);
    assert.match(run.stdout, /^#1 /m);
    assert.match(run.stdout, /Usage \(simulated\):/);
  });

  it('Ctrl-C exits 130 with the state saved; --resume completes without repeating a paid call', async function () {
    this.timeout(60_000);
    const args = (server: SandboxHandle, out: string): string[] => ['optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', 'k.prompt', '--data', ws.data, '--test-data', ws.test, '--budget', '24', '--val-size', '5', '--concurrency', '2', '--seed', '9', '--out', out, '--no-cache'];
    ws.write('k.prompt', PROMPT_TEXT);
    const reference = await sandboxFor(ws, { latencyMs: 15 });
    sandboxes.push(reference);
    const ref = await runCli(args(reference, 'ref'), ws.dir);
    assert.equal(ref.code, 0, ref.stderr);

    const server = await sandboxFor(ws, { latencyMs: 15 });
    sandboxes.push(server);
    const killed = spawnCli(args(server, 'killed'), ws.dir);
    const evaluations = (): number => (entries(join(ws.dir, 'killed')).includes('evaluations.jsonl') ? readFileSync(join(ws.dir, 'killed', 'evaluations.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor(() => evaluations() >= 6, 30_000, 'six evaluations');
    killed.child.kill('SIGINT');
    const code = await Promise.race([killed.exit, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    assert.equal(code, 130, killed.output());
    assert.match(killed.output(), /--resume/);
    const status = (JSON.parse(readFileSync(join(ws.dir, 'killed', 'run.json'), 'utf8')) as { status: string }).status;
    assert.equal(status, 'interrupted');
    const paidBefore = totalRequests(server);
    assert.ok(paidBefore < totalRequests(reference), 'the run was stopped before the end');

    const resumed = await runCli(['optimize', '--resume', 'killed', '--json'], ws.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(totalRequests(server), totalRequests(reference), 'killed + resumed sent exactly the requests of an uninterrupted run');
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.equal(report.queries, 24);
    const search = (dir: string): string => readFileSync(join(ws.dir, dir, 'evaluations.jsonl'), 'utf8').split('\n').map((l) => l.replace(/"time":"[^"]*"/, '')).join('\n');
    assert.equal(search('killed'), search('ref'));
  });
});
