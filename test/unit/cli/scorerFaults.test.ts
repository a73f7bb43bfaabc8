import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const PROMPT_TEXT = 'Write the opposite of the given word.\n';

/** A custom scorer that cannot hang or crash the run, and is checked before anything is paid for. */
describe('zopo optimize with a custom scorer that misbehaves', () => {
  let ws: Workspace;
  let server: SandboxHandle;

  before(async () => {
    ws = makeWorkspace();
    ws.write('p.prompt', PROMPT_TEXT);
    server = await sandboxFor(ws);
  });
  beforeEach(() => server.resetStats());
  after(async () => {
    await server.close();
    ws.cleanup();
  });

  const run = async (scorer: string, out: string, extra: string[] = []): Promise<{ code: number; stderr: string; ms: number }> => {
    const argv = ['optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', 'p.prompt', '--data', ws.data, '--test-data', ws.test, '--budget', '12', '--val-size', '5', '--concurrency', '4', '--local-embeddings', '--metric', `custom:${scorer}`, '--out', out, ...extra];
    const started = Date.now();
    const result = await runCli(argv, ws.dir);
    return { code: result.code, stderr: result.stderr, ms: Date.now() - started };
  };
  const status = (out: string): string => (JSON.parse(readFileSync(join(ws.dir, out, 'run.json'), 'utf8')) as { status: string }).status;

  /** Requests the sandbox still receives in the half second after the run returned. */
  const lateRequests = async (): Promise<number> => {
    const at = totalRequests(server);
    await new Promise((r) => setTimeout(r, 500));
    return totalRequests(server) - at;
  };

  it('a scorer that throws on the expected outputs: exit 2 with module and line, not one request made', async () => {
    ws.write('trial-throws.js', 'module.exports = (output, expected) => {\n  return expected.toUpperCase().missing.length;\n};\n');
    const r = await run('trial-throws.js', 'runs/trial-throws');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /custom scorer trial-throws\.js threw on example \d+ \(data line \d+\): TypeError: .* \(at trial-throws\.js:2:\d+\); found by trying it on the dataset's expected outputs before any request, so nothing was spent/);
    assert.equal(totalRequests(server), 0, 'no LLM request was made');
    assert.equal(existsSync(join(ws.dir, 'runs/trial-throws')), false, 'no run directory was written');
  });

  it('a scorer that hangs on the expected outputs: exit 2 within the time limit, not one request made', async () => {
    ws.write('trial-hangs.js', 'module.exports = () => { for (;;) {} };\n');
    const r = await run('trial-hangs.js', 'runs/trial-hangs', ['--scorer-timeout', '0.5']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /custom scorer trial-hangs\.js did not return within 0\.5 s on example \d+/);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    assert.equal(totalRequests(server), 0);
  });

  it('a scorer that returns text: exit 2 naming what it returned, not one request made', async () => {
    ws.write('trial-text.js', 'module.exports = () => "correct";\n');
    const r = await run('trial-text.js', 'runs/trial-text');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /custom scorer trial-text\.js returned "correct" on example \d+ .*expected a number in \[0, 1\] or a boolean/);
    assert.equal(totalRequests(server), 0);
  });

  it('a busy loop on a real output: the run stops with exit 1 naming the module, the limit and the example', async function () {
    this.timeout(60_000);
    // Passes its trial (expected against itself), then loops on the first answer that differs.
    ws.write('busy.js', 'module.exports = (output, expected) => {\n  if (output === expected) return 1;\n  for (;;) {}\n};\n');
    const r = await run('busy.js', 'runs/busy', ['--scorer-timeout', '1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /zopo: custom scorer busy\.js did not return within 1 s on example \d+ \(data line \d+\): it was stopped/);
    assert.ok(r.ms < 45_000, `took ${r.ms} ms`);
    assert.equal(status('runs/busy'), 'failed');
    assert.equal(await lateRequests(), 0, 'nothing is sent after the run ended');
  });

  it('a promise that never settles on a real output: exit 1 within the time limit', async function () {
    this.timeout(60_000);
    ws.write('never.mjs', 'export default (output, expected) => (output === expected ? 1 : new Promise(() => {}));\n');
    const r = await run('never.mjs', 'runs/never', ['--scorer-timeout', '1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /custom scorer never\.mjs did not return within 1 s on example \d+/);
    assert.equal(status('runs/never'), 'failed');
    assert.equal(await lateRequests(), 0);
  });

  it('a scorer that throws on a real output: exit 1 naming the module and the line', async function () {
    this.timeout(60_000);
    ws.write('throws.js', 'module.exports = (output, expected) => {\n  if (output === expected) return 1;\n  throw new Error(`cannot score ${output}`);\n};\n');
    const r = await run('throws.js', 'runs/throws');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /custom scorer throws\.js threw on example \d+ \(data line \d+\): Error: cannot score .* \(at throws\.js:3:\d+\)/);
    assert.equal(status('runs/throws'), 'failed');
  });

  it('--scorer-timeout needs a custom metric and a positive number', async () => {
    const plain = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', ws.data, '--scorer-timeout', '5'], ws.dir);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /--scorer-timeout applies to --metric custom:<module\.js> only/);
    const zero = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', ws.data, '--metric', 'custom:x.js', '--scorer-timeout', '0'], ws.dir);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--scorer-timeout 0: expected a positive number of seconds/);
  });
});
