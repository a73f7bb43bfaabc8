import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { readUsageJournal, UsageJournal } from '../../../src/core/pipeline/usageJournal';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { entries, runCli, spawnCli, waitFor } from '../cli/cliHarness';
import { makeWorkspace, sandboxFor, totalRequests, type Workspace } from './pipelineFixtures';

const usage = (requests: number, promptTokens = 0) => ({ requests, promptTokens, completionTokens: 0, failures: 0, cacheHits: 0 });

describe('usage journal', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-journal-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds up the last totals of every session, skipping a torn last line', () => {
    const file = join(dir, 'usage.jsonl');
    assert.equal(readUsageJournal(file), undefined);
    const first = new UsageJournal(file);
    first.record(usage(1, 10));
    first.record(usage(1, 10));
    first.record(usage(2, 25));
    first.close();
    const second = new UsageJournal(file);
    second.carry(usage(7, 70));
    second.record(usage(3, 5));
    second.close();
    writeFileSync(file, readFileSync(file, 'utf8') + '{"session":"torn","requests":99');
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 5, 'an unchanged total is not written twice');
    assert.deepEqual(readUsageJournal(file), usage(12, 100));
  });
});

describe('usage survives kill -9', () => {
  let ws: Workspace;
  const servers: SandboxHandle[] = [];

  before(() => {
    ws = makeWorkspace();
    ws.write('k.prompt', 'Write the opposite of the given word.\n');
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    ws.cleanup();
  });

  /** Starts a CLI run as a real child process against a slow loopback server; kills it -9 mid-search. */
  async function killedRun(out: string, extra: readonly string[]): Promise<SandboxHandle> {
    // Slow enough that both request slots wait at the server most of the time, also on a loaded machine.
    const server = await sandboxFor(ws, { latencyMs: 120 });
    servers.push(server);
    const argv = ['optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', 'k.prompt', '--data', ws.data, '--test-data', ws.test, '--budget', '30', '--val-size', '5', '--candidates', '30', '--concurrency', '2', '--seed', '5', '--out', out, '--no-cache', ...extra];
    const child = spawnCli(argv, ws.dir);
    const logged = (): number => (entries(join(ws.dir, out)).includes('evaluations.jsonl') ? readFileSync(join(ws.dir, out, 'evaluations.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor(() => logged() >= 4 || child.child.exitCode !== null, 60_000, 'four logged evaluations');
    assert.equal(child.child.exitCode, null, child.output());

    const live = await runCli(['optimize', '--resume', out, '--json'], ws.dir);
    assert.equal(live.code, 2, live.stderr);
    assert.match(live.stderr, new RegExp(`zopo: run ${out} is in use by pid ${child.child.pid}`));

    // Killed while both request slots are waiting at the server, so every request the client
    // has counted has arrived there (none is between being counted and being sent).
    // Every check sleeps: the sandbox runs in this process, so a check that returned at once
    // would spin on microtasks and starve the server of the requests it waits for.
    const quiet = async (): Promise<boolean> => {
      const seen = totalRequests(server);
      const waiting = server.stats.inFlight === 2;
      await new Promise((r) => setTimeout(r, waiting ? 8 : 2));
      return waiting && server.stats.inFlight === 2 && totalRequests(server) === seen;
    };
    const deadline = Date.now() + 30_000;
    while (!(await quiet())) {
      if (child.child.exitCode !== null) throw new Error(`the run ended before it could be killed mid-search:\n${child.output()}`);
      if (Date.now() > deadline) throw new Error('the server never had two requests waiting');
    }
    child.child.kill('SIGKILL');
    await child.exit;
    return server;
  }

  it('after kill -9 and --resume the usage equals the requests the endpoint received, and a live run cannot be resumed', async function () {
    this.timeout(180_000);
    const server = await killedRun('killed', []);
    const killedAt = totalRequests(server);
    const resumed = await runCli(['optimize', '--resume', 'killed', '--json'], ws.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.ok(totalRequests(server) > killedAt, 'the resume sent requests of its own');
    assert.equal(report.usage.requests, totalRequests(server), `the server saw ${totalRequests(server)} requests (${killedAt} before the kill)`);
  });

  it('--max-calls after a kill -9 counts what the killed session spent', async function () {
    this.timeout(180_000);
    const limit = 60;
    const server = await killedRun('limited', ['--max-calls', String(limit), '--yes']);
    const killedAt = totalRequests(server);
    assert.ok(killedAt < limit - 10, `killed after ${killedAt} requests, well before the limit`);
    const resumed = await runCli(['optimize', '--resume', 'limited', '--json'], ws.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.match(resumed.stderr, new RegExp(`limit of ${limit} LLM calls is reached`));
    assert.ok(totalRequests(server) <= limit, `the server saw ${totalRequests(server)} requests, the limit is ${limit}`);
    assert.ok(report.usage.requests >= totalRequests(server) && report.usage.requests <= limit, `usage ${report.usage.requests}, server ${totalRequests(server)}`);
  });
});
