/**
 * The shared LLM cache of `zopo optimize` (.zopo/cache under the working directory), as real
 * CLI processes against a loopback sandbox server that counts what it receives: a repeated
 * run pays for no answer and no grading, --no-cache pays again and leaves the shared cache
 * alone, `zopo eval` after a run is answered from it, and a resume reads the cache the run
 * recorded (or, for a run directory of before, the one inside it).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { exampleInputText } from '../../../src/core/prompt/chatMessages';
import { RUN_CACHE_RECORD } from '../../../src/core/pipeline/runCache';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { ROOT } from '../pipeline/pipelineFixtures';
import { spawnCliToEnd } from './cliHarness';

const EXAMPLE = join(ROOT, 'examples/support-replies');
const SHARED = join('.zopo', 'cache', 'llm-cache.jsonl');

function items(file: string): { input: string; output: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string }).map((r) => ({ input: exampleInputText({ index: 0, line: 1, inputs: { input: r.input }, output: r.output }), output: r.output }));
}

describe('zopo optimize: the shared LLM cache', function () {
  this.timeout(120_000);
  let server: SandboxHandle;
  let dir: string;
  const data = join(EXAMPLE, 'data/support.jsonl');
  const test = join(EXAMPLE, 'data/support.test.jsonl');
  const prompt = join(EXAMPLE, 'prompts/support.prompt');
  const run = (extra: readonly string[]): string[] => ['optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', prompt, '--data', data, '--test-data', test, '--metric', 'judge', '--judge-model', 'sandbox-judge', '--budget', '6', '--val-size', '4', '--candidates', '6', '--json', ...extra];
  const judged = (): number => server.stats.chatByModel['sandbox-judge']?.requests ?? 0;
  const chats = (): number => server.stats.requests.chat;
  const sent = (): number => chats() + server.stats.requests.embeddings;

  before(async () => {
    server = await startSandbox({ datasets: [{ name: 'support', items: [...items(data), ...items(test)] }], seed: 5 });
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-shared-cache-'));
    server.resetStats();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a second identical run makes no chat and no judge request; --no-cache makes them again and leaves the shared cache as it was', async () => {
    const first = await spawnCliToEnd(run([]), dir);
    assert.equal(first.code, 0, first.output);
    assert.ok(chats() > 0 && judged() > 0, `the first run pays: ${chats()} chat requests, ${judged()} of them gradings`);
    const paid = { chats: chats(), judged: judged(), embeddings: server.stats.requests.embeddings };
    assert.ok(existsSync(join(dir, SHARED)), 'the answers are in .zopo/cache');
    const report = JSON.parse(first.stdout) as JsonReport;

    server.resetStats();
    const second = await spawnCliToEnd(run([]), dir);
    assert.equal(second.code, 0, second.output);
    assert.equal(chats(), 0, 'no chat request: every answer and grading is in the shared cache');
    assert.equal(judged(), 0);
    assert.equal(sent(), 0, 'no embedding request either');
    const again = JSON.parse(second.stdout) as JsonReport;
    assert.deepEqual(again.prompts.map((p) => [p.text, p.score, p.testScore]), report.prompts.map((p) => [p.text, p.score, p.testScore]), 'the same results, from the cache');

    server.resetStats();
    const size = statSync(join(dir, SHARED)).size;
    const fresh = await spawnCliToEnd(run(['--no-cache']), dir);
    assert.equal(fresh.code, 0, fresh.output);
    // Asked again, as many as the first time give or take an identical request that two calls had in flight at once.
    const near = (n: number, m: number): boolean => Math.abs(n - m) <= Math.ceil(m * 0.05);
    assert.ok(near(chats(), paid.chats) && near(judged(), paid.judged), `--no-cache asks everything again: ${chats()} chat requests (${judged()} gradings) against ${paid.chats} (${paid.judged})`);
    assert.equal(server.stats.requests.embeddings, paid.embeddings);
    assert.equal(statSync(join(dir, SHARED)).size, size, 'and writes nothing to the shared cache');
  });

  it('zopo eval of the original prompt on the test data after a run makes no request', async () => {
    const first = await spawnCliToEnd(run([]), dir);
    assert.equal(first.code, 0, first.output);
    server.resetStats();
    const evaluated = await spawnCliToEnd(['eval', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', prompt, '--data', test, '--metric', 'judge', '--judge-model', 'sandbox-judge', '--json'], dir);
    assert.equal(evaluated.code, 0, evaluated.output);
    assert.equal(chats(), 0, `eval is answered and graded from the run's cache: ${evaluated.output}`);
    const report = JSON.parse(evaluated.stdout) as { usage: { cacheHits: number }; examples: number };
    assert.equal(report.examples, 16);
    assert.equal(report.usage.cacheHits, 32, 'one answer and one grading per test example');
  });

  it('a resume reads the cache the run recorded, and a run directory of before reads the cache inside it', async () => {
    const first = await spawnCliToEnd(run(['--out', 'r1']), dir);
    assert.equal(first.code, 0, first.output);
    const record = JSON.parse(readFileSync(join(dir, 'r1', RUN_CACHE_RECORD), 'utf8')) as { files: string[] };
    assert.deepEqual(record.files, [join(dir, SHARED)]);
    // An interrupted run's state: its result is gone, so resume runs the search again.
    for (const name of ['portfolio.json', 'evaluations.jsonl']) unlinkSync(join(dir, 'r1', name));
    server.resetStats();
    const resumed = await spawnCliToEnd(['optimize', '--resume', 'r1', '--json'], dir);
    assert.equal(resumed.code, 0, resumed.output);
    assert.equal(chats(), 0, 'the resume finds every answer in the recorded shared cache');

    // A run directory written before cache.json: its cache is inside it, the shared one is elsewhere.
    const old = mkdtempSync(join(tmpdir(), 'zopo-old-run-'));
    try {
      const made = await spawnCliToEnd(run(['--out', 'r2', '--no-cache']), old);
      assert.equal(made.code, 0, made.output);
      assert.ok(existsSync(join(old, 'r2', 'llm-cache.jsonl')), '--no-cache keeps the run its own cache');
      unlinkSync(join(old, 'r2', RUN_CACHE_RECORD));
      for (const name of ['portfolio.json', 'evaluations.jsonl']) unlinkSync(join(old, 'r2', name));
      cpSync(join(old, 'r2'), join(dir, 'r2'), { recursive: true });
      server.resetStats();
      const oldResumed = await spawnCliToEnd(['optimize', '--resume', 'r2', '--json'], dir);
      assert.equal(oldResumed.code, 0, oldResumed.output);
      assert.equal(chats(), 0, 'the old run dir cache is read on resume');
      // The control: the same state without that cache has to ask again.
      cpSync(join(old, 'r2'), join(dir, 'r3'), { recursive: true });
      unlinkSync(join(dir, 'r3', 'llm-cache.jsonl'));
      const uncached = await spawnCliToEnd(['optimize', '--resume', 'r3', '--json', '--cache-dir', 'elsewhere'], dir);
      assert.equal(uncached.code, 0, uncached.output);
      assert.ok(chats() > 0, 'without its cache the resume pays again');
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('refuses --no-cache with --cache-dir, and with --resume (exit 2)', async () => {
    const both = await spawnCliToEnd(run(['--no-cache', '--cache-dir', 'c']), dir);
    assert.equal(both.code, 2);
    assert.match(both.output, /use either --cache-dir or --no-cache/);
    const resume = await spawnCliToEnd(['optimize', '--resume', 'r', '--no-cache'], dir);
    assert.equal(resume.code, 2);
    assert.match(resume.output, /drop --no-cache/);
    assert.equal(server.stats.requests.chat, 0);
  });
});
