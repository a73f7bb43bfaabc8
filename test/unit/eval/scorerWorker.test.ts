import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Example } from '../../../src/core/data/datasetTypes';
import { loadCustomScorer, type CustomScorerOptions } from '../../../src/core/eval/customScorer';
import { locationInModule } from '../../../src/core/eval/scorerHost';
import { MetricError, type Scorer } from '../../../src/core/eval/scoreTypes';

const example = (index: number, output: string): Example => ({ index, line: index + 2, inputs: { input: `in ${index}` }, output });

/** Awaits `promise`, expecting a MetricError; returns it and how long it took. */
async function metricError(promise: Promise<unknown>): Promise<{ error: MetricError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (e) {
    if (e instanceof MetricError) return { error: e, ms: Date.now() - started };
    throw e;
  }
  assert.fail('expected a MetricError');
}

describe('custom scorers run in a worker thread with a time limit', () => {
  let dir: string;
  const open: Scorer[] = [];
  const module = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const load = async (file: string, options: Partial<CustomScorerOptions> = {}): Promise<Scorer> => {
    const scorer = await loadCustomScorer(file, { allowCode: true, timeoutSeconds: 2, ...options });
    open.push(scorer);
    return scorer;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-scorer-'));
  });
  afterEach(async () => {
    for (const scorer of open.splice(0)) await scorer.close?.();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scores with CommonJS, ES module, async and {score, detail} scorers, and gets the example', async () => {
    const cjs = await load(module('cjs.js', 'module.exports = (o, e, ex) => o === e && ex.inputs.input === "in 3";'));
    assert.deepEqual(await cjs('b', 'b', { example: example(3, 'b') }), { score: 1 });
    assert.deepEqual(await cjs('a', 'b', { example: example(3, 'b') }), { score: 0 });
    const esm = await load(module('esm.mjs', 'export default async (o, e) => ({ score: o.length / 10, detail: `len ${o.length}` });'));
    assert.deepEqual(await esm('abcd', 'x'), { score: 0.4, detail: 'len 4' });
    const named = await load(module('named.js', 'exports.score = () => Promise.resolve(0.25);'));
    assert.deepEqual(await named('a', 'b'), { score: 0.25 });
  });

  it('stops a busy loop after the time limit, naming the module and the example, while this thread keeps running', async () => {
    const file = module('busy.js', 'module.exports = (o, e) => { if (o === e) return 1; for (;;) {} };');
    const scorer = await load(file, { timeoutSeconds: 0.5 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const { error, ms } = await metricError(Promise.resolve(scorer('wrong', 'right', { example: example(4, 'right') })));
    clearInterval(timer);
    assert.equal(error.message, `custom scorer ${file} did not return within 0.5 s on example 5 (data line 6): it was stopped (a busy loop or a promise that never settles?)`);
    assert.ok(ms >= 450 && ms < 5000, `stopped after ${ms} ms`);
    assert.ok(ticks >= 5, `the run's thread was not blocked (${ticks} ticks)`);
    const again = await metricError(Promise.resolve(scorer('right', 'right')));
    assert.equal(again.error.message, error.message, 'a stopped scorer stays stopped');
  });

  it('stops a promise that never settles after the time limit', async () => {
    const file = module('never.mjs', 'export default () => new Promise(() => {});');
    const { error, ms } = await metricError(Promise.resolve((await load(file, { timeoutSeconds: 0.3 }))('a', 'b')));
    assert.match(error.message, /never\.mjs did not return within 0\.3 s/);
    assert.ok(ms < 5000, `stopped after ${ms} ms`);
  });

  it('names the module, the line and the column when the scorer throws', async () => {
    const file = module('throws.js', ['// scorer', 'module.exports = (o, e, ex) => {', '  return ex.missing.field;', '};'].join('\n'));
    const { error } = await metricError(Promise.resolve((await load(file))('a', 'b', { example: example(0, 'b') })));
    assert.match(error.message, /^custom scorer .*throws\.js threw on example 1 \(data line 2\): TypeError: Cannot read properties of undefined \(reading 'field'\) \(at .*throws\.js:3:\d+\)$/);
    const esm = module('throws.mjs', 'export default () => {\n  throw new RangeError("nope");\n};\n');
    const thrown = await metricError(Promise.resolve((await load(esm))('a', 'b')));
    assert.match(thrown.error.message, /threw: RangeError: nope \(at .*throws\.mjs:2:\d+\)$/);
  });

  it('refuses return values that are not scores, including ones that cannot cross threads', async () => {
    const text = await metricError(Promise.resolve((await load(module('text.js', 'module.exports = () => "yes";')))('a', 'b', { example: example(1, 'b') })));
    assert.match(text.error.message, /text\.js returned "yes" on example 2 \(data line 3\); expected a number in \[0, 1\] or a boolean$/);
    const fn = await metricError(Promise.resolve((await load(module('fn.js', 'module.exports = () => () => 1;')))('a', 'b')));
    assert.match(fn.error.message, /fn\.js returned a function; expected a number/);
    const big = await metricError(Promise.resolve((await load(module('big.js', 'module.exports = () => 2;')))('a', 'b')));
    assert.match(big.error.message, /big\.js returned 2; expected/);
  });

  it('reports modules that do not load, hang while loading, or export no function', async () => {
    const syntax = module('syntax.js', 'module.exports = (o) => {\n  return o ===;\n};\n');
    assert.match((await metricError(load(syntax))).error.message, /syntax\.js failed to load: SyntaxError: .* \(at .*syntax\.js:2\)$/);
    const hang = await metricError(load(module('hang.js', 'for (;;) {}'), { timeoutSeconds: 0.5 }));
    assert.match(hang.error.message, /hang\.js did not finish loading within 0\.5 s/);
    assert.ok(hang.ms < 5000);
    assert.match((await metricError(load(module('none.js', 'exports.version = 1;')))).error.message, /exports no function: .*\(it exports version\)/);
    assert.match((await metricError(load(join(dir, 'missing.js')))).error.message, /module not found/);
  });

  it('refuses to load anything in an untrusted workspace', async () => {
    const file = module('side-effect.js', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, 'x'); module.exports = () => 1;`);
    const { error } = await metricError(loadCustomScorer(file, { allowCode: false }));
    assert.match(error.message, /not loaded: running workspace code is disabled in untrusted workspaces/);
    assert.equal(existsSync(join(dir, 'ran')), false, 'the module was not run');
  });

  it('is tried on the expected outputs when loaded: a scorer that fails there is refused before use', async () => {
    const trial = [example(0, 'up'), example(1, 'down')];
    const ok = await load(module('exact.js', 'module.exports = (o, e) => o === e;'), { trialExamples: trial });
    assert.deepEqual(await ok('up', 'up'), { score: 1 });
    const throwsOnSecond = module('second.js', 'module.exports = (o) => { if (o === "down") throw new Error("bad row"); return 1; };');
    const refused = await metricError(load(throwsOnSecond, { trialExamples: trial }));
    assert.match(refused.error.message, /second\.js threw on example 2 \(data line 3\): Error: bad row \(at .*second\.js:1:\d+\); found by trying it on the dataset's expected outputs before any request, so nothing was spent$/);
    const hangs = await metricError(load(module('trial-hang.js', 'module.exports = () => new Promise(() => {});'), { trialExamples: trial, timeoutSeconds: 0.3 }));
    assert.match(hangs.error.message, /did not return within 0\.3 s on example 1 .*nothing was spent$/);
    const text = await metricError(load(module('trial-text.js', 'module.exports = () => "1";'), { trialExamples: trial }));
    assert.match(text.error.message, /returned "1" on example 1 .*nothing was spent$/);
  });

  it('gives up a call when its signal aborts, without waiting for the time limit', async () => {
    const scorer = await load(module('slow.js', 'module.exports = () => { for (;;) {} };'), { timeoutSeconds: 30 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await metricError(Promise.resolve(scorer('a', 'b', { signal: controller.signal })));
    assert.match(error.message, /slow\.js: cancelled/);
    assert.ok(ms < 5000, `gave up after ${ms} ms`);
  });

  it('runs the same from the bundled worker the CLI and the extension ship (dist/scorerWorker.js)', async () => {
    const workerFile = join(dir, 'scorerWorker.js');
    await build({ entryPoints: ['src/core/eval/scorerWorker.ts'], outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
    const esm = await load(module('bundled.mjs', 'export const score = (o, e) => (o === e ? 1 : 0);'), { workerFile });
    assert.deepEqual(await esm('x', 'x'), { score: 1 });
    const busy = await load(module('bundled-busy.js', 'module.exports = () => { for (;;) {} };'), { workerFile, timeoutSeconds: 0.5 });
    assert.match((await metricError(Promise.resolve(busy('a', 'b')))).error.message, /did not return within 0\.5 s/);
  });

  it('finds the module line in CommonJS, ES module and syntax-error stacks', () => {
    assert.equal(locationInModule('Error: x\n    at f (/w/s.js:3:9)\n    at g (node:internal/x:1:1)', '/w/s.js'), '/w/s.js:3:9');
    assert.equal(locationInModule('Error: x\n    at default (file:///w/s.mjs:7:2)', '/w/s.mjs'), '/w/s.mjs:7:2');
    assert.equal(locationInModule('/w/s.js:2\n  return o ===;\n', '/w/s.js'), '/w/s.js:2');
    assert.equal(locationInModule('Error: x\n    at f (/w/other.js:3:9)', '/w/s.js'), undefined);
  });
});
