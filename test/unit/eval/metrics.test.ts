import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Example } from '../../../src/core/data/datasetTypes';
import { createScorer, METRIC_DESCRIPTIONS, scoreOutputs, type MetricSpec } from '../../../src/core/eval/metrics';
import { MetricError, type Scorer } from '../../../src/core/eval/scoreTypes';

const ex = (index: number, output: string): Example => ({ index, line: index + 1, inputs: { input: `in${index}` }, output });
const trusted = { allowCustomCode: true };

describe('metric registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zopo-metric-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('builds every built-in metric by name', async () => {
    const cases: [MetricSpec, string, string, number][] = [
      [{ name: 'exact' }, 'The Cold.', 'cold', 1],
      [{ name: 'contains' }, 'it is cold', 'cold', 1],
      [{ name: 'f1' }, 'cold day', 'cold', 2 / 3],
      [{ name: 'exactSet' }, 'b, a', 'a, b', 1],
      [{ name: 'regex', pattern: 'c.ld' }, 'cold', '', 1],
      [{ name: 'json' }, '[1]', '[1]', 1],
      [{ name: 'numeric', relative: 0.1 }, '105', '100', 1],
      [{ name: 'label', labels: ['hot', 'cold'] }, 'cold!', 'cold', 1],
    ];
    for (const [spec, output, expected, want] of cases) {
      const scorer = await createScorer(spec, trusted);
      assert.equal((await scorer(output, expected)).score, want, spec.name);
    }
    assert.equal(Object.keys(METRIC_DESCRIPTIONS).length, 10);
  });

  it('scores a batch with per-example results and the mean', async () => {
    const scorer = await createScorer({ name: 'exact' }, trusted);
    const batch = await scoreOutputs(scorer, [
      { output: 'cold', example: ex(0, 'cold') },
      { output: 'warm', example: ex(1, 'cold') },
    ]);
    assert.equal(batch.mean, 0.5);
    assert.deepEqual(batch.results[1], { score: 0, detail: 'got "warm", expected "cold"', index: 1, output: 'warm', expected: 'cold' });
    assert.equal((await scoreOutputs(scorer, [])).mean, 0);
  });

  it('requires a judge model for judge, and refuses an empty rubric', async () => {
    await assert.rejects(createScorer({ name: 'judge', rubric: 'x' }, trusted), /needs a judge model/);
    const judge = (): Promise<string> => Promise.resolve('Score: 10');
    await assert.rejects(createScorer({ name: 'judge', rubric: '  ' }, { ...trusted, judge }), /rubric is empty/);
    const scorer = await createScorer({ name: 'judge', rubric: 'x' }, { ...trusted, judge });
    assert.equal((await scorer('a', 'b')).score, 1);
    const reference = await createScorer({ name: 'judge' }, { ...trusted, judge });
    assert.equal((await reference('a', 'b')).score, 1);
  });

  it('leaves failed gradings out of a batch mean', async () => {
    const judge = (messages: readonly { content: string }[]): Promise<string> => Promise.resolve(messages[1]?.content.includes('good') ? 'Score: 8' : 'no idea');
    const scorer = await createScorer({ name: 'judge' }, { ...trusted, judge });
    const batch = await scoreOutputs(scorer, [
      { output: 'good', example: ex(0, 'cold') },
      { output: 'bad', example: ex(1, 'cold') },
    ]);
    assert.equal(batch.mean, 0.8);
    assert.equal(batch.results[1]?.failed, true);
  });

  // Each custom scorer owns a worker thread; closing it is what lets the process exit.
  const opened: Scorer[] = [];
  const keep = (scorer: Scorer): Scorer => (opened.push(scorer), scorer);
  afterEach(async () => {
    for (const scorer of opened.splice(0)) await scorer.close?.();
  });

  it('loads a CommonJS custom scorer and passes it the example', async () => {
    const file = write('len.js', 'module.exports = (output, expected, example) => output.length === expected.length && example.index === 4;');
    const scorer = keep(await createScorer({ name: 'custom', module: file }, trusted));
    assert.deepEqual(await scorer('abc', 'xyz', { example: ex(4, 'xyz') }), { score: 1 });
    assert.deepEqual(await scorer('abc', 'xyz', { example: ex(5, 'xyz') }), { score: 0 });
  });

  it('accepts default and score exports, async results and relative paths', async () => {
    write('def.js', 'exports.default = async (o) => (o === "yes" ? 0.5 : 0);');
    const def = keep(await createScorer({ name: 'custom', module: 'def.js' }, { ...trusted, baseDir: dir }));
    assert.equal((await def('yes', '')).score, 0.5);
    const named = keep(await createScorer({ name: 'custom', module: write('named.js', 'exports.score = () => ({ score: 0.25, detail: "why" });') }, trusted));
    assert.deepEqual(await named('', ''), { score: 0.25, detail: 'why' });
    const esm = keep(await createScorer({ name: 'custom', module: write('esm.mjs', 'export default (o, e) => o === e;') }, trusted));
    assert.equal((await esm('a', 'a')).score, 1);
  });

  it('fails clearly for untrusted workspaces, missing files, non-callable exports and bad results', async () => {
    const file = write('ok.js', 'module.exports = () => 1;');
    await assert.rejects(createScorer({ name: 'custom', module: file }, { allowCustomCode: false }), (e: unknown) => e instanceof MetricError && /untrusted workspaces/.test(e.message));
    await assert.rejects(createScorer({ name: 'custom', module: join(dir, 'missing.js') }, trusted), /custom scorer module not found: .*missing\.js/);
    await assert.rejects(createScorer({ name: 'custom', module: write('obj.js', 'exports.threshold = 3;') }, trusted), /exports no function: .*\(it exports threshold\)/);
    await assert.rejects(createScorer({ name: 'custom', module: write('syntax.js', 'module.exports = (') }, trusted), /failed to load/);
    const bad = keep(await createScorer({ name: 'custom', module: write('five.js', 'module.exports = () => 5;') }, trusted));
    await assert.rejects(Promise.resolve(bad('', '')), /returned 5; expected a number in \[0, 1\] or a boolean/);
  });
});
