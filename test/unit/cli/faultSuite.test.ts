/**
 * The fault suite: `zopo optimize` in-process against a loopback endpoint that misbehaves in
 * one way on every request, with a short --request-timeout. Each case checks the exit status,
 * the message (naming the endpoint and the failure), the requests the server saw, the time it
 * took, and that the run's state is saved as failed, never reported as done.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LLM_DEFAULTS } from '../../../src/core/llm/llmDefaults';
import type { SandboxFaults, SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { runCli, type CliRun } from './cliHarness';

interface FaultRun {
  readonly run: CliRun;
  readonly elapsedMs: number;
  readonly requests: number;
  readonly server: SandboxHandle;
  readonly runDir: string;
}

/** A case: the fault, what the message must say, and at most how many requests it may cost. */
interface FaultCase {
  readonly name: string;
  readonly faults: SandboxFaults;
  readonly message: RegExp;
  readonly maxRequests: number;
}

const TIMEOUT_S = 0.4;
const CONCURRENCY = 4;
/** Breaker trips at the 8th failure; up to concurrency-1 more may be in flight by then. */
const STREAK_REQUESTS = LLM_DEFAULTS.maxConsecutiveFailures + CONCURRENCY - 1;

const CASES: readonly FaultCase[] = [
  { name: 'never answers', faults: { hangRate: 1 }, message: new RegExp(`timed out after ${TIMEOUT_S} s, 8 times in a row`), maxRequests: STREAK_REQUESTS },
  { name: 'drips one byte at a time', faults: { dripRate: 1, dripIntervalMs: 100 }, message: new RegExp(`timed out after ${TIMEOUT_S} s, 8 times in a row`), maxRequests: STREAK_REQUESTS },
  { name: 'answers 401', faults: { unauthorizedRate: 1 }, message: /refused the request: 401 Incorrect API key provided.*check the API key/, maxRequests: CONCURRENCY },
  { name: 'answers 404', faults: { notFoundRate: 1 }, message: /refused the request: 404 The model does not exist.*check the model name and the base URL/, maxRequests: CONCURRENCY },
  { name: 'answers 400', faults: { badRequestRate: 1 }, message: /refused the request: 400 Unrecognized request argument/, maxRequests: CONCURRENCY },
  { name: 'sends malformed JSON', faults: { malformedRate: 1 }, message: /failed 8 times in a row with no success between.*malformed response/, maxRequests: STREAK_REQUESTS },
  { name: 'sends choices: []', faults: { emptyChoicesRate: 1 }, message: /failed 8 times in a row with no success between: malformed response: no choices/, maxRequests: STREAK_REQUESTS },
  { name: 'resets the connection', faults: { resetRate: 1 }, message: /failed 8 times in a row with no success between: the connection was reset/, maxRequests: STREAK_REQUESTS },
];

describe('fault suite: zopo optimize against endpoints that misbehave', function () {
  // Each case ends in about two request timeouts; the bound is generous for a loaded machine.
  this.timeout(60_000);
  let ws: Workspace;

  before(() => {
    ws = makeWorkspace();
    ws.write('p.prompt', 'Write the opposite of the given word.\n');
  });
  after(() => ws.cleanup());

  async function runAgainst(name: string, faults: SandboxFaults): Promise<FaultRun> {
    const server = await sandboxFor(ws, faults);
    const out = `runs/${name.replace(/[^a-z0-9]+/gi, '-')}`;
    const argv = [
      'optimize', '--base-url', server.baseUrl, '--model', 'sandbox', '--local-embeddings', '--prompt', 'p.prompt', '--data', ws.data, '--test-data', ws.test,
      '--budget', '5', '--val-size', '5', '--concurrency', String(CONCURRENCY), '--request-timeout', String(TIMEOUT_S), '--yes', '--out', out,
    ];
    const started = Date.now();
    try {
      const run = await runCli(argv, ws.dir, { env: { OPENAI_API_KEY: 'sk-fault-suite-key' } });
      return { run, elapsedMs: Date.now() - started, requests: totalRequests(server), server, runDir: join(ws.dir, out) };
    } finally {
      await server.close();
    }
  }

  function assertFailedRun(r: FaultRun, message: RegExp, namesEndpoint = true): void {
    const { run } = r;
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, message);
    if (namesEndpoint) assert.ok(run.stderr.includes(r.server.baseUrl), `the message names the endpoint: ${run.stderr}`);
    assert.doesNotMatch(run.stdout, /Done/);
    assert.ok(!(run.stdout + run.stderr).includes('sk-fault-suite-key'), 'the key is never shown');
    assert.match(run.stderr, /resume it with: zopo optimize --resume runs\//);
    const record = JSON.parse(readFileSync(join(r.runDir, 'run.json'), 'utf8')) as { status: string; message: string };
    assert.equal(record.status, 'failed');
    assert.match(record.message, message);
  }

  for (const c of CASES) {
    it(`stops a run whose endpoint ${c.name}: exit 1, the endpoint and the failure named, ≤ ${c.maxRequests} requests`, async () => {
      const r = await runAgainst(c.name, c.faults);
      assertFailedRun(r, c.message);
      assert.ok(r.requests >= 1 && r.requests <= c.maxRequests, `${r.requests} requests`);
      assert.ok(r.elapsedMs < 15_000, `${r.elapsedMs} ms`);
    });
  }

  it('fails a run whose original prompt cannot be scored, though each refusal is the request\'s own (400 context length)', async () => {
    const r = await runAgainst('context length', { contextLengthRate: 1 });
    assertFailedRun(r, /the original prompt could not be scored: all 5 of its requests failed \(400 This model's maximum context length/, false);
    // Candidate generation (its call cap) plus the original's five examples: not the run's budget.
    assert.ok(r.requests <= 30, `${r.requests} requests`);
    assert.ok(r.elapsedMs < 15_000, `${r.elapsedMs} ms`);
  });

  it('says when a Retry-After pauses every request, and finishes', async () => {
    const r = await runAgainst('rate limited', { script: ['rateLimit'], retryAfterSeconds: 1 });
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.match(r.run.stderr, /waiting: rate limited by http:\/\/127\.0\.0\.1:\d+\/v1: every request waits 1(\.\d)? s/);
    assert.match(r.run.stdout, /^Done: 5 queries\./);
    assert.ok(r.elapsedMs >= 1000, `the pause was honoured (${r.elapsedMs} ms)`);
  });

  it('says that it retries after a timeout, and finishes when the endpoint recovers', async () => {
    const r = await runAgainst('one timeout', { script: ['hang'] });
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.match(r.run.stderr, new RegExp(`waiting: the request timed out after ${TIMEOUT_S} s; retrying in \\d`));
    assert.equal(r.server.stats.hung, 1);
  });

  it('refuses a --request-timeout that is not a positive number of seconds (exit 2)', async () => {
    for (const value of ['0', '-1', 'soon']) {
      const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', ws.data, '--request-timeout', value], ws.dir);
      assert.equal(run.code, 2, `${value}: ${run.stderr}`);
      assert.match(run.stderr, /--request-timeout/);
    }
  });
});
