import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { runCli, spawnCli, waitFor } from './cliHarness';

const PROMPT_TEXT = 'Write the opposite of the given word.\n';
const CONCURRENCY = 2;
const VAL_SIZE = 5;

/** Ctrl-C in every phase: exit 130, the run saved as interrupted, no request after the stop but those in flight, and a resume that finishes. */
describe('zopo optimize: Ctrl-C in every phase', () => {
  let ws: Workspace;
  const servers: SandboxHandle[] = [];
  let reference = 0;

  const argv = (server: SandboxHandle, out: string): string[] => [
    'optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', 'p.prompt', '--data', ws.data, '--test-data', ws.test,
    '--budget', '12', '--val-size', String(VAL_SIZE), '--concurrency', String(CONCURRENCY), '--seed', '4', '--local-embeddings', '--out', out,
    // Each run asks the endpoint afresh: the runs of this file share one workspace and its shared cache.
    '--no-cache',
  ];
  const server = async (): Promise<SandboxHandle> => {
    const s = await sandboxFor(ws, { latencyMs: 40 });
    servers.push(s);
    return s;
  };
  const status = (out: string): string => (JSON.parse(readFileSync(join(ws.dir, out, 'run.json'), 'utf8')) as { status: string }).status;
  /** Requests the sandbox still receives in the half second after a run returned. */
  const lateRequests = async (s: SandboxHandle): Promise<number> => {
    const at = totalRequests(s);
    await new Promise((r) => setTimeout(r, 500));
    return totalRequests(s) - at;
  };

  before(async function () {
    this.timeout(60_000);
    ws = makeWorkspace();
    ws.write('p.prompt', PROMPT_TEXT);
    const s = await server();
    const ref = await runCli(argv(s, 'reference'), ws.dir);
    assert.equal(ref.code, 0, ref.stderr);
    reference = totalRequests(s);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    ws.cleanup();
  });

  /**
   * Runs in-process and stops (the first Ctrl-C) once `phase` has sent `after` requests;
   * returns the exit status, the requests sent by then and those sent after the stop.
   */
  async function stopIn(phase: string, after: number, out: string, s: SandboxHandle): Promise<{ code: number; stderr: string; afterStop: number }> {
    const stop = new AbortController();
    let current = '';
    let phaseStart = 0;
    let atStop = -1;
    const poll = setInterval(() => {
      if (current === phase && atStop < 0 && totalRequests(s) - phaseStart >= after) {
        atStop = totalRequests(s);
        stop.abort();
      }
    }, 5);
    const onStderr = (text: string): void => {
      const m = /^([a-z]+)(:|\n)/.exec(text);
      if (m?.[1] !== undefined && m[1] !== current) {
        current = m[1];
        phaseStart = totalRequests(s);
      }
    };
    try {
      const r = await runCli(argv(s, out), ws.dir, { stopSignal: stop.signal, onStderr });
      assert.ok(atStop >= 0, `the run never reached ${phase}: ${r.stderr}`);
      return { code: r.code, stderr: r.stderr, afterStop: totalRequests(s) - atStop };
    } finally {
      clearInterval(poll);
    }
  }

  async function resumeAndCompare(out: string, s: SandboxHandle, extraAllowed: number): Promise<void> {
    const resumed = await runCli(['optimize', '--resume', out, '--json'], ws.dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout) as JsonReport;
    assert.equal(report.queries, 12);
    assert.ok(typeof report.prompts[0]?.testScore === 'number', 'the resumed run tested its portfolio');
    const total = totalRequests(s);
    assert.ok(total >= reference && total <= reference + extraAllowed, `stopped + resumed sent ${total} requests; an uninterrupted run sends ${reference} (+ at most ${extraAllowed} cut short)`);
  }

  for (const [phase, after, extra] of [['generating', 3, CONCURRENCY], ['searching', 6, 0], ['testing', 4, 0]] as const) {
    it(`during ${phase}: exit 130, saved as interrupted, no new requests, and --resume finishes`, async function () {
      this.timeout(90_000);
      const s = await server();
      const out = `runs/${phase}`;
      const r = await stopIn(phase, after, out, s);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /interrupted; the run is saved\. Resume with: zopo optimize --resume /);
      assert.equal(status(out), 'interrupted');
      // In flight at the stop: at most the client's concurrency; in the search, the evaluations launched,
      // which keep about concurrency + one query's calls going (searchLoop.ts), so under concurrency + two queries.
      const bound = phase === 'searching' ? CONCURRENCY + 2 * VAL_SIZE : CONCURRENCY;
      assert.ok(r.afterStop <= bound, `${r.afterStop} requests after the stop (at most ${bound} were in flight)`);
      assert.equal(await lateRequests(s), 0, 'nothing is sent once the run returned');
      // Calls cut short in generation are sent again; finished ones come from the cache.
      await resumeAndCompare(out, s, extra);
    });
  }

  it('a second Ctrl-C stops at once, even with requests that never answer', async function () {
    this.timeout(60_000);
    const s = await server();
    const stop = new AbortController();
    const cancel = new AbortController();
    let cancelledAt = 0;
    const onStderr = (text: string): void => {
      if (!text.startsWith('searching') || stop.signal.aborted) return;
      s.setFaults({ hangRate: 1 });
      setTimeout(() => stop.abort(), 100);
      setTimeout(() => {
        cancelledAt = Date.now();
        cancel.abort();
      }, 400);
    };
    const r = await runCli(argv(s, 'runs/twice'), ws.dir, { stopSignal: stop.signal, cancelSignal: cancel.signal, onStderr });
    const ms = Date.now() - cancelledAt;
    assert.equal(r.code, 130, r.stderr);
    assert.ok(cancelledAt > 0 && ms < 5000, `returned ${ms} ms after the second Ctrl-C`);
    assert.equal(status('runs/twice'), 'interrupted');
  });

  it('SIGINT to a real process during testing: exit 130 and nothing more is sent', async function () {
    this.timeout(90_000);
    const s = await server();
    const child = spawnCli(argv(s, 'runs/sigint'), ws.dir);
    await waitFor(() => /\ntesting:/.test(child.output()), 60_000, 'the testing phase');
    const testingStart = totalRequests(s);
    await waitFor(() => totalRequests(s) >= testingStart + 2, 30_000, 'two test calls');
    child.child.kill('SIGINT');
    const code = await Promise.race([child.exit, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    assert.equal(code, 130, child.output());
    assert.equal(status('runs/sigint'), 'interrupted');
    assert.equal(await lateRequests(s), 0);
  });

  it('SIGINT twice to a real process whose requests hang: exit 130 at once', async function () {
    this.timeout(90_000);
    const s = await server();
    const child = spawnCli(argv(s, 'runs/sigint-twice'), ws.dir);
    await waitFor(() => /\nsearching:/.test(child.output()), 60_000, 'the search');
    s.setFaults({ hangRate: 1 });
    child.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    const second = Date.now();
    child.child.kill('SIGINT');
    const code = await Promise.race([child.exit, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    assert.equal(code, 130, child.output());
    assert.ok(Date.now() - second < 5000, `exited ${Date.now() - second} ms after the second SIGINT`);
    assert.match(child.output(), /stopping at once/);
  });
});
