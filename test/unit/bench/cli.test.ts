import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs, resolveLandscapes, UsageError } from '../../../src/bench/cliArgs';
import { main } from '../../../src/bench/main';
import { smoothLandscape } from './fixtures';

function landscapeJson(seed: number, name: string): string {
  const l = smoothLandscape(seed, 40, 3);
  const candidates = l.texts.map((text, i) => ({ text, embedding: [...l.pool.data.slice(i * 3, i * 3 + 3)] }));
  return JSON.stringify({ format: 'zopo-landscape/1', name, valSize: 20, candidates, accuracy: [...l.accuracy] });
}

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), progress: undefined });
  return { code, out, err };
}

describe('bench CLI', () => {
  let dir = '';
  let a = '';
  let b = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-bench-cli-'));
    mkdirSync(join(dir, 'set'));
    a = join(dir, 'set', 'a.json');
    b = join(dir, 'set', 'b.json');
    writeFileSync(a, landscapeJson(1, 'tiny/a'));
    writeFileSync(b, landscapeJson(2, 'tiny/b'));
    writeFileSync(join(dir, 'set', 'notes.txt'), 'not a landscape');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the README JSON object with --json, nothing else', () => {
    const { code, out, err } = run(['--landscape', a, '--seeds', '2', '--budget', '12', '--methods', 'random,gp-ucb', '--json']);
    assert.equal(code, 0);
    assert.equal(err, '');
    const parsed = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['landscape', 'poolMax', 'budget', 'methods']);
    assert.equal(parsed['landscape'], 'tiny/a');
    assert.equal(parsed['budget'], 12);
    const methods = parsed['methods'] as Record<string, { traces: number[][]; askMs: number[] }>;
    assert.deepEqual(Object.keys(methods), ['random', 'gp-ucb']);
    for (const m of Object.values(methods)) {
      assert.deepEqual(Object.keys(m), ['traces', 'askMs']);
      assert.equal(m.traces.length, 2);
      assert.ok(m.traces.every((t) => t.length === 12));
      assert.equal(m.askMs.length, 2);
    }
  });

  it('saves the same JSON to a file while printing tables', () => {
    const file = join(dir, 'saved.json');
    const common = ['--landscape', a, '--seeds', '2', '--budget', '12', '--methods', 'random'];
    const tables = run([...common, '--save-json', file]);
    assert.match(tables.out, /^Columns:/);
    type Saved = { methods: { random: { traces: number[][]; askMs: number[] } } };
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    const printed = JSON.parse(run([...common, '--json']).out) as Saved;
    // Timings differ between runs; the traces are deterministic.
    assert.deepEqual(saved.methods.random.traces, printed.methods.random.traces);
    assert.equal(saved.methods.random.askMs.length, 2);
  });

  it('runs a directory of landscapes and adds an average table', () => {
    const { code, out } = run(['--landscape', join(dir, 'set'), '--seeds', '2', '--budget', '25', '--methods', 'random']);
    assert.equal(code, 0);
    assert.match(out, /tiny\/a \[a\.json\]/);
    assert.match(out, /tiny\/b \[b\.json\]/);
    assert.match(out, /Average over 2 landscapes/);
    assert.match(out, /method +@20 +@25 +±se +>=95%/);
    assert.doesNotMatch(out, /rounds/);
    assert.doesNotMatch(out, /seen95/);
  });

  it('adds the seen95 diagnostic column with --diagnose', () => {
    const { code, out } = run(['--landscape', a, '--seeds', '2', '--budget', '25', '--methods', 'random', '--diagnose']);
    assert.equal(code, 0);
    assert.match(out, /method +@20 +@25 +±se +>=95% +seen95 +ms\/ask/);
    assert.match(out, /random +(\d\.\d{3} +){3}\d+% +\d+% /);
  });

  it('runs seeds first-seed.. with --first-seed: the same runs as those seeds of a run from 1', () => {
    const traces = (argv: string[]): number[][] => {
      const { code, out } = run(['--landscape', a, '--budget', '15', '--methods', 'zopo', '--json', ...argv]);
      assert.equal(code, 0);
      return (JSON.parse(out) as { methods: { zopo: { traces: number[][] } } }).methods.zopo.traces;
    };
    const fromOne = traces(['--seeds', '3']);
    const fromTwo = traces(['--seeds', '2', '--first-seed', '2']);
    assert.deepEqual(fromTwo, fromOne.slice(1));
    const table = run(['--landscape', a, '--seeds', '2', '--first-seed', '51', '--budget', '12', '--methods', 'random']);
    assert.match(table.out, /budget 12, 2 seeds \(51\.\.52\)/);
    assert.equal(run(['--landscape', a, '--first-seed', '0']).code, 2);
  });

  it('shows rounds in batch mode and compares batch sizes', () => {
    const batch = run(['--landscape', a, '--seeds', '2', '--budget', '12', '--methods', 'random', '--batch', '4']);
    assert.match(batch.out, /rounds\n/);
    assert.match(batch.out, /random .* 3\.0$/m);
    const cmp = run(['--landscape', `${a},${b}`, '--seeds', '2', '--budget', '12', '--methods', 'random', '--compare-batch', '4']);
    assert.equal(cmp.code, 0);
    assert.match(cmp.out, /rounds to match/);
    assert.match(cmp.out, /Average over 2 landscapes/);
  });

  it('fails with a usage message or the landscape error', () => {
    const bad = run(['--landscape', a, '--seeds', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--seeds must be a positive integer/);
    const missing = run(['--landscape', join(dir, 'absent.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /absent\.json: cannot read/);
  });
});

describe('bench arguments', () => {
  it('has the README defaults', () => {
    const args = parseBenchArgs(['--landscape', 'x.json']);
    assert.deepEqual(
      [args.seeds, args.budget, args.batch, args.noiseless, args.json, args.compareBatch, args.compareBudget],
      [20, 165, 1, false, false, undefined, 330],
    );
    assert.deepEqual(args.methods, ['zopo', 'zopo-paper', 'random', 'random-race', 'gp-ucb']);
  });

  it('merges repeated and comma-separated landscapes and rejects unknown methods', () => {
    assert.deepEqual(resolveLandscapes(['a.json,b.json', 'c.json', 'a.json']), ['a.json', 'b.json', 'c.json']);
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--methods', 'zopo,nope']), UsageError);
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--json', '--compare-batch', '4']), /cannot be combined/);
    assert.throws(() => parseBenchArgs([]), /at least one --landscape/);
  });
});

describe('bench --batch k --rounds n', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-bench-rounds-'));
    writeFileSync(join(dir, 'a.json'), landscapeJson(5, 'rounds-a'));
    writeFileSync(join(dir, 'b.json'), landscapeJson(6, 'rounds-b'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports batch 1 at the budget, rounds and queries to reach it, the value after n rounds and the target', () => {
    const files = `${join(dir, 'a.json')},${join(dir, 'b.json')}`;
    const res = run(['--landscape', files, '--seeds', '2', '--budget', '12', '--methods', 'random', '--batch', '4', '--rounds', '2']);
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /b1@12 +b4 rounds to reach +queries then +vs 12 +b4 after 2r +queries +target/);
    // Random search proposes in the same order at any batch size: after 2 rounds of 4 it has
    // spent 8 queries, fewer than batch 1's 12, and its value is at most batch 1's.
    const rows = [...res.out.matchAll(/^random +(\d\.\d{3}) +(\S+(?: in 2)?) +\S+ +\S+ +(\d\.\d{3}) +(\d+\.\d) +(met|missed)$/gm)];
    assert.equal(rows.length, 2, res.out);
    for (const r of rows) {
      assert.equal(r[4], '8.0');
      assert.ok(Number(r[3]) <= Number(r[1]) + 1e-12);
    }
    assert.match(res.out, /Average over 2 landscapes \(target: landscapes met\)\n.*\n {0}random .* [0-2]\/2$/m);
  });

  it('stops the batched run after n rounds even when the budget is larger', () => {
    const res = run(['--landscape', join(dir, 'a.json'), '--seeds', '1', '--budget', '30', '--methods', 'random', '--compare-batch', '5', '--rounds', '3']);
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /^random .* 15\.0 +(met|missed)$/m);
    assert.match(res.out, /not in 3/, 'random needs more than 15 queries to reach its 30-query value here, or says so');
  });

  it('rejects --rounds without a batch size above 1, or with --json', () => {
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--rounds', '12']), /--rounds needs --batch k with k > 1/);
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--batch', '16', '--rounds', '0']), /--rounds must be a positive integer/);
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--batch', '16', '--rounds', '3', '--json']), /cannot be combined with --rounds/);
    assert.throws(() => parseBenchArgs(['--landscape', 'x.json', '--batch', '8', '--compare-batch', '16', '--rounds', '3']), /disagree/);
    assert.equal(parseBenchArgs(['--landscape', 'x.json', '--batch', '16', '--rounds', '12']).rounds, 12);
  });
});
