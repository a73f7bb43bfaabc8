/**
 * `zopo eval` as a real CLI process (spawnCli) against a loopback sandbox server: the score
 * and its --json fields, the cache (a second run sends nothing, counted at the server),
 * --min-score and --baseline exit statuses, and the bad inputs that exit 2.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalJson } from '../../../src/cli/evalReport';
import { exampleInputText } from '../../../src/core/prompt/chatMessages';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, ROOT, sandboxFor, totalRequests, type Workspace } from '../pipeline/pipelineFixtures';
import { spawnCli, spawnCliToEnd, waitFor, type ChildRun } from './cliHarness';

const GOOD = 'You are a careful lexicographer. Reply with the antonym of the word the user gives, in lower case, and nothing else.';
/** The same instruction with one word added: its answers differ on some examples, by chance only. */
const REPHRASED = 'You are a careful lexicographer. Reply with the antonym of the word that the user gives, in lower case, and nothing else.';
/** Deliberately broken: no instruction at all. */
const BROKEN = 'Answer.';

type EvalRun = ChildRun;

/** Runs `zopo eval <argv>` as a child process and waits until its streams are closed. */
const zopoEval = (argv: readonly string[], cwd: string): Promise<EvalRun> => spawnCliToEnd(['eval', ...argv], cwd);

function json(run: EvalRun): EvalJson {
  return JSON.parse(run.stdout) as EvalJson;
}

describe('zopo eval', function () {
  this.timeout(60_000);
  let ws: Workspace;
  let server: SandboxHandle;
  let data: string;
  const on = (): string[] => ['--provider', 'sandbox', '--base-url', server.baseUrl, '--cache-dir', 'cache'];

  before(async () => {
    ws = makeWorkspace(60, 20);
    data = ws.write('all.jsonl', readFileSync(ws.data, 'utf8') + readFileSync(ws.test, 'utf8'));
    ws.write('good.prompt', `${GOOD}\n`);
    ws.write('rephrased.prompt', `${REPHRASED}\n`);
    ws.write('broken.prompt', `${BROKEN}\n`);
    server = await sandboxFor(ws);
  });
  after(async () => {
    await server.close();
    ws.cleanup();
  });
  beforeEach(() => server.resetStats());

  it('prints the score with its Wilson interval and every --json field; a second run is answered from the cache (0 requests)', async () => {
    const first = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--json', '--save', 'good.json'], ws.dir);
    assert.equal(first.code, 0, first.output);
    const r = json(first);
    assert.equal(totalRequests(server), 80, 'one chat request per example');
    assert.equal(r.kind, 'zopo-eval');
    assert.equal(r.status, 'passed');
    assert.equal(r.examples, 80);
    assert.equal(r.failures, 0);
    assert.equal(r.results.length, 80);
    assert.equal(r.intervalMethod, 'wilson');
    assert.ok(r.interval[0] < r.score && r.score < r.interval[1], `${r.score} inside ${r.interval.join(', ')}`);
    assert.equal(r.score, r.results.filter((x) => x.score === 1).length / 80);
    assert.deepEqual(r.metric, { name: 'exact' });
    assert.equal(r.model, 'sandbox');
    assert.equal(r.simulated, true);
    assert.equal(r.promptHash, createHash('sha256').update(GOOD).digest('hex'));
    assert.match(r.dataHash, /^[0-9a-f]{64}$/);
    assert.equal(new Set(r.results.map((x) => x.id)).size, 80, 'every example has its own identity');
    const firstRow = r.results[0];
    assert.ok(firstRow !== undefined && firstRow.line === 1 && firstRow.index === 0 && typeof firstRow.output === 'string' && firstRow.expected !== '');
    assert.deepEqual(JSON.parse(readFileSync(ws.path('good.json'), 'utf8')), r, '--save writes the same object');

    server.resetStats();
    const second = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--json'], ws.dir);
    assert.equal(second.code, 0, second.output);
    assert.equal(totalRequests(server), 0, 'the rerun sends nothing');
    assert.equal(json(second).usage.cacheHits, 80);
    assert.equal(json(second).score, r.score);
    assert.match(second.output, /80 examples, 80 answered from the cache; about 0 LLM calls/);
  });

  it('--min-score exits 1 below the threshold and 0 at or above it', async () => {
    const score = (JSON.parse(readFileSync(ws.path('good.json'), 'utf8')) as EvalJson).score;
    const below = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--min-score', String(score + 0.05)], ws.dir);
    assert.equal(below.code, 1, below.output);
    assert.match(below.stdout, /Minimum score .*: FAILED/);
    assert.match(below.stdout, /Result: FAILED/);
    const at = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--min-score', String(score), '--json'], ws.dir);
    assert.equal(at.code, 0, at.output);
    assert.deepEqual(json(at).minScore, { threshold: score, passed: true });
  });

  it('--baseline: a broken prompt is a reliable regression (exit 1); a re-phrased or identical one is within noise (exit 0)', async () => {
    const broken = await zopoEval([...on(), '--prompt', 'broken.prompt', '--data', data, '--baseline', 'good.json', '--json'], ws.dir);
    assert.equal(broken.code, 1, broken.output);
    const b = json(broken).baseline;
    assert.ok(b !== null);
    assert.equal(b.verdict, 'worse');
    assert.equal(b.pairedExamples, 80);
    assert.equal(b.method, 'mcnemar-exact');
    assert.ok(b.delta < 0 && b.interval[1] < 0 && b.pValue < 0.05, JSON.stringify(b));
    assert.equal(json(broken).status, 'failed');

    const rephrased = await zopoEval([...on(), '--prompt', 'rephrased.prompt', '--data', data, '--baseline', 'good.json', '--json'], ws.dir);
    assert.equal(rephrased.code, 0, rephrased.output);
    const n = json(rephrased).baseline;
    assert.equal(n?.verdict, 'no reliable difference');
    assert.ok(n !== null && n.interval[0] < 0 && n.interval[1] > 0, 'the answers do differ, within noise');
    assert.notEqual(json(rephrased).results.map((x) => x.score).join(), (JSON.parse(readFileSync(ws.path('good.json'), 'utf8')) as EvalJson).results.map((x) => x.score).join());

    const same = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--baseline', 'good.json'], ws.dir);
    assert.equal(same.code, 0, same.output);
    assert.match(same.stdout, /on 80 paired examples, \+0\.000 .*no reliable difference/);
  });

  it('--baseline pairs by example identity: a subset or reordered rows pair on what they share; no shared example exits 2', async () => {
    const reordered = readFileSync(data, 'utf8').trim().split('\n').reverse().slice(0, 30).join('\n') + '\n';
    ws.write('subset.jsonl', reordered);
    const subset = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', 'subset.jsonl', '--baseline', 'good.json', '--json'], ws.dir);
    assert.equal(subset.code, 0, subset.output);
    assert.equal(json(subset).baseline?.pairedExamples, 30);
    assert.equal(json(subset).baseline?.delta, 0, 'the same prompt gives the same answers on the same examples, whatever their order');
    assert.equal(json(subset).baseline?.onlyInBaseline, 50);

    ws.write('other.jsonl', '{"input": "sky", "output": "ground"}\n{"input": "wet", "output": "dry"}\n');
    const before = totalRequests(server);
    const other = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', 'other.jsonl', '--baseline', 'good.json'], ws.dir);
    assert.equal(other.code, 2, other.output);
    assert.match(other.output, /--baseline good\.json: it has no example in common with other\.jsonl .*the datasets do not match/);
    assert.equal(totalRequests(server), before, 'refused before any request');

    const metric = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--metric', 'f1', '--baseline', 'good.json'], ws.dir);
    assert.equal(metric.code, 2, metric.output);
    assert.match(metric.output, /scored with the metric \{"name":"exact"\}, this evaluation uses \{"name":"f1"\}/);
  });

  it('--baseline takes a zopo optimize run directory: the held-out test scores of the prompt it would write, on the same split', async () => {
    const opt = spawnCli(['optimize', ...on(), '--prompt', 'good.prompt', '--data', data, '--seed', '4', '--budget', '6', '--val-size', '5', '--local-embeddings', '--out', 'run'], ws.dir);
    assert.equal(await opt.exit, 0, opt.output());
    const run = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--split', 'test', '--seed', '4', '--baseline', 'run', '--json'], ws.dir);
    assert.ok(run.code === 0 || run.code === 1, run.output);
    const r = json(run);
    const b = r.baseline;
    assert.ok(b !== null);
    assert.equal(r.examples, 16, '20% of 80 rows');
    assert.deepEqual([b.pairedExamples, b.onlyHere, b.onlyInBaseline], [16, 0, 0], '--split test holds out exactly the rows optimize tested on');
    assert.match(b.source, /^run \((the original prompt|its recommended prompt)\)$/);
    assert.equal(run.code, b.verdict === 'worse' ? 1 : 0);
    // The original against itself: the same answers (from the optimize run's cache).
    if (b.source.includes('original')) assert.equal(b.delta, 0);
    else assert.notEqual(b.promptHash, r.promptHash);
  });

  it('reads a prompt from a string literal by its binding name (TypeScript and Python)', async () => {
    ws.write('app.ts', `const model = 'gpt-4o-mini';\nexport const SYSTEM_PROMPT = \`${GOOD}\`;\nconst messages = [{ role: 'system', content: SYSTEM_PROMPT }];\n`);
    ws.write('app.py', `SYSTEM_PROMPT = """${GOOD}"""\n`);
    for (const file of ['app.ts', 'app.py']) {
      const run = await zopoEval([...on(), '--prompt', `${file}#SYSTEM_PROMPT`, '--data', data, '--json'], ws.dir);
      assert.equal(run.code, 0, run.output);
      assert.equal(json(run).promptHash, createHash('sha256').update(GOOD).digest('hex'));
      assert.equal(json(run).promptSource, `${file}#SYSTEM_PROMPT`);
      assert.equal(json(run).usage.cacheHits, 80, 'the same prompt as the file: the same cached answers');
    }
  });

  it('exits 2 with a clear message for a binding name matching no literal or several, a missing file and bad data', async () => {
    ws.write('two.ts', `const a = { role: 'system' };\nconst b = { role: 'user' };\nconst PROMPT = 'Say hi.';\n`);
    const none = await zopoEval([...on(), '--prompt', 'two.ts#MISSING', '--data', data], ws.dir);
    assert.equal(none.code, 2, none.output);
    assert.match(none.output, /two\.ts: no string literal is bound to "MISSING"; the literals bound to a name are:\n {2}two\.ts:1: role\n {2}two\.ts:2: role\n {2}two\.ts:3: PROMPT/);
    const many = await zopoEval([...on(), '--prompt', 'two.ts#role', '--data', data], ws.dir);
    assert.equal(many.code, 2, many.output);
    assert.match(many.output, /two\.ts: "role" names 2 string literals; rename one, or put the prompt in a file:\n {2}two\.ts:1: role = "system"\n {2}two\.ts:2: role = "user"/);
    const gone = await zopoEval([...on(), '--prompt', 'gone.ts#PROMPT', '--data', data], ws.dir);
    assert.equal(gone.code, 2, gone.output);
    assert.match(gone.output, /gone\.ts: file not found/);
    const noFile = await zopoEval([...on(), '--prompt', 'nope.prompt', '--data', data], ws.dir);
    assert.equal(noFile.code, 2, noFile.output);
    assert.match(noFile.output, /nope\.prompt: file not found/);
    ws.write('bad.jsonl', '{"input": "hot", "output": "cold"}\n{"input": "up", "output": }\n');
    const bad = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', 'bad.jsonl'], ws.dir);
    assert.equal(bad.code, 2, bad.output);
    assert.match(bad.output, /bad\.jsonl:2:\d+: /);
    assert.equal(totalRequests(server), 0, 'no request for bad input');
  });

  it('exits 2 for flags of the search and bad values', async () => {
    for (const [argv, message] of [
      [['--budget', '5'], /--budget is a flag of "zopo optimize"/],
      [['--min-score', '2'], /--min-score 2: scores are between 0 and 1/],
      [['--split', 'train'], /--split train: expected all or test/],
      [['--limit', '0'], /--limit 0: expected a whole number of at least 1/],
      [['--baseline', 'missing.json'], /--baseline missing\.json: no such file or run directory/],
    ] as const) {
      const run = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, ...argv], ws.dir);
      assert.equal(run.code, 2, run.output);
      assert.match(run.output, message);
    }
  });

  it('--limit scores the first rows only', async () => {
    const limited = await zopoEval([...on(), '--prompt', 'good.prompt', '--data', data, '--limit', '7', '--json'], ws.dir);
    assert.equal(limited.code, 0, limited.output);
    assert.equal(json(limited).examples, 7);
    assert.deepEqual(json(limited).results.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('a request limit stops the run with exit 1 before it is passed; the estimate refuses an over-limit run unless --yes', async () => {
    ws.write('fresh.prompt', 'Give the antonym of the word, in lower case.\n');
    const refused = await zopoEval([...on(), '--prompt', 'fresh.prompt', '--data', data, '--max-calls', '10'], ws.dir);
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, /the evaluation would exceed its limits: .*Nothing was spent/);
    assert.equal(totalRequests(server), 0);
    const stopped = await zopoEval([...on(), '--prompt', 'fresh.prompt', '--data', data, '--max-calls', '10', '--yes', '--concurrency', '1'], ws.dir);
    assert.equal(stopped.code, 1, stopped.output);
    assert.match(stopped.output, /stopped: the limit of 10 LLM calls is reached/);
    assert.ok(server.stats.requests.chat <= 11, `at most one call past the limit (${server.stats.requests.chat})`);
  });

  it('Ctrl-C (SIGINT) exits 130 with nothing reported; the answers so far are cached for the rerun', async () => {
    const slow = await sandboxFor(ws, { latencyMs: 60 });
    try {
      const argv = ['eval', '--provider', 'sandbox', '--base-url', slow.baseUrl, '--cache-dir', 'slow-cache', '--prompt', 'good.prompt', '--data', data, '--concurrency', '1', '--json'];
      const run = spawnCli(argv, ws.dir);
      let stdout = '';
      run.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      await waitFor(() => slow.stats.requests.chat >= 3, 30_000, 'three answers');
      run.child.kill('SIGINT');
      assert.equal(await run.exit, 130, run.output());
      assert.equal(stdout, '', 'no score is reported for part of the data');
      assert.match(run.output(), /interrupted: nothing is reported; the answers so far are cached/);
      const sent = slow.stats.requests.chat;
      assert.ok(sent < 80, `stopped early (${sent} of 80 sent)`);
      slow.resetStats();
      const rerun = await zopoEval(argv.slice(1), ws.dir);
      assert.equal(rerun.code, 0, rerun.output);
      assert.ok(json(rerun).usage.cacheHits >= sent - 1, `the rerun reuses the answers (${json(rerun).usage.cacheHits} cached of ${sent} sent)`);
      assert.equal(slow.stats.requests.chat + json(rerun).usage.cacheHits, 80);
    } finally {
      await slow.close();
    }
  });

  it('a model the endpoint does not have stops at the first calls with exit 1, never a score of zeros', async () => {
    const strict = await startSandbox({ models: [] });
    try {
      const run = await zopoEval(['--provider', 'openai', '--base-url', strict.baseUrl, '--model', 'gpt-missing', '--no-cache', '--prompt', 'good.prompt', '--data', data, '--json'], ws.dir);
      assert.equal(run.code, 1, run.output);
      assert.equal(run.stdout, '', 'no score');
      assert.match(run.output, /zopo eval: .*404/);
      assert.ok(strict.stats.requests.chat <= 4, `stopped at once (${strict.stats.requests.chat} requests, concurrency 4)`);
    } finally {
      await strict.close();
    }
  });

  it('shows its help, and zopo --help lists it', async () => {
    const help = await zopoEval(['--help'], ws.dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: zopo eval --prompt <file\|file#NAME\|->/);
    const main = spawnCli(['--help'], ws.dir);
    assert.equal(await main.exit, 0);
    assert.match(main.output(), /eval {10}score one prompt on a dataset, for CI/);
  });
});

describe('zopo eval --metric judge', function () {
  this.timeout(60_000);
  const SUPPORT = join(ROOT, 'examples/support-replies');
  let ws: Workspace;
  let server: SandboxHandle;
  const on = (): string[] => ['--provider', 'sandbox', '--base-url', server.baseUrl, '--cache-dir', 'cache', '--prompt', join(SUPPORT, 'prompts/support.prompt'), '--data', join(SUPPORT, 'data/support.jsonl'), '--metric', 'judge', '--rubric', join(SUPPORT, 'rubric.md'), '--limit', '12'];

  before(async () => {
    ws = makeWorkspace(1, 1);
    const rows = readFileSync(join(SUPPORT, 'data/support.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input: string; output: string });
    const items = rows.map((r) => ({ input: exampleInputText({ index: 0, line: 1, inputs: { input: r.input }, output: r.output }), output: r.output }));
    server = await startSandbox({ datasets: [{ name: 'support', items }], seed: 7 });
  });
  after(async () => {
    await server.close();
    ws.cleanup();
  });
  beforeEach(() => server.resetStats());

  it('grades each answer with the judge (bootstrap interval, reasoning per example); a rerun grades nothing again; the paired bootstrap compares', async () => {
    const first = await zopoEval([...on(), '--json', '--save', 'judged.json'], ws.dir);
    assert.equal(first.code, 0, first.output);
    const r = json(first);
    assert.equal(server.stats.requests.chat, 24, '12 answers and 12 gradings');
    assert.match(first.output, /about 24 LLM calls \(12 of them judge calls\)/);
    assert.equal(r.examples + r.failures, 12);
    assert.equal(r.intervalMethod, 'bootstrap');
    assert.ok(r.interval[0] <= r.score && r.score <= r.interval[1]);
    assert.equal(r.metric.name, 'judge');
    assert.ok(r.results.every((x) => x.failed || /judge/.test(x.detail ?? '')), 'the judge reasoning is in each result');

    server.resetStats();
    const again = await zopoEval([...on(), '--baseline', 'judged.json', '--json'], ws.dir);
    assert.equal(again.code, 0, again.output);
    assert.equal(server.stats.requests.chat, 0, 'answers and gradings both come from the cache');
    assert.equal(json(again).baseline?.method, 'paired-bootstrap');
    assert.equal(json(again).baseline?.verdict, 'no reliable difference');
  });
});
