import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { entries, runCli } from './cliHarness';

describe('zopo optimize: one run per directory', () => {
  let ws: Workspace;
  const servers: SandboxHandle[] = [];
  const server = async (): Promise<SandboxHandle> => {
    const s = await sandboxFor(ws);
    servers.push(s);
    return s;
  };
  const args = (s: SandboxHandle, prompt: string): string[] => ['optimize', '--provider', 'sandbox', '--base-url', s.baseUrl, '--prompt', prompt, '--data', ws.data, '--budget', '6', '--val-size', '5', '--candidates', '6', '--json'];

  before(() => {
    ws = makeWorkspace();
    ws.write('a.prompt', 'Write the opposite of the given word.\n');
    ws.write('b.prompt', 'Say the antonym.\n');
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    ws.cleanup();
  });

  it('a second run with the same --out (other prompt, other endpoint) exits 2 and leaves the first run alone', async function () {
    this.timeout(60_000);
    const first = await runCli([...args(await server(), 'a.prompt'), '--out', 'shared'], ws.dir);
    assert.equal(first.code, 0, first.stderr);
    const files = ['config.json', 'run.json', 'evaluations.jsonl'].map((f) => readFileSync(join(ws.dir, 'shared', f), 'utf8'));
    const other = await server();
    const second = await runCli([...args(other, 'b.prompt'), '--out', 'shared'], ws.dir);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /^zopo: shared holds run shared; use --resume shared to continue it, or choose another directory\n$/m);
    assert.equal(second.stdout, '');
    assert.equal(totalRequests(other), 0, 'nothing was paid');
    assert.deepEqual(['config.json', 'run.json', 'evaluations.jsonl'].map((f) => readFileSync(join(ws.dir, 'shared', f), 'utf8')), files);
  });

  it('runs started at the same moment without --out get distinct directories', async function () {
    this.timeout(60_000);
    const s = await server();
    const runs = await Promise.all([1, 2, 3].map(() => runCli(args(s, 'a.prompt'), ws.dir)));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const dirs = runs.map((r) => (JSON.parse(r.stdout) as JsonReport).runDir);
    assert.equal(new Set(dirs).size, 3, dirs.join(', '));
    assert.equal(entries(join(ws.dir, '.zopo', 'runs')).length, 3);
    for (const dir of dirs) assert.equal((JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { status: string }).status, 'done');
  });
});
