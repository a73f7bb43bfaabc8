import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { runCli } from '../cli/cliHarness';
import { SHARED_DATA } from '../sharedData';
import { ROOT } from './pipelineFixtures';

const EXAMPLE = join(ROOT, 'examples/antonyms');

/** The bundled example, then every train/test pair of the instruction-induction datasets. */
function datasets(): { name: string; train: string; test: string }[] {
  const tasks = readdirSync(SHARED_DATA).filter((f) => f.endsWith('.train.jsonl')).map((f) => f.slice(0, -'.train.jsonl'.length)).sort();
  return [
    { name: 'examples/antonyms', train: join(EXAMPLE, 'data/antonyms.jsonl'), test: join(EXAMPLE, 'data/antonyms.test.jsonl') },
    ...tasks.map((t) => ({ name: t, train: join(SHARED_DATA, `${t}.train.jsonl`), test: join(SHARED_DATA, `${t}.test.jsonl`) })),
  ];
}

function checkPrompt(name: string, p: JsonReport['prompts'][number]): void {
  const where = `${name}: ${p.text}`;
  assert.equal(typeof p.testDelta, 'number', where);
  assert.ok(p.testInterval !== null && p.testInterval.length === 2, where);
  const [lo, hi] = p.testInterval;
  assert.ok(lo <= (p.testDelta as number) + 1e-9 && (p.testDelta as number) <= hi + 1e-9, `${where}: the interval holds the delta`);
  assert.ok(p.verdict === 'better' || p.verdict === 'worse' || p.verdict === 'no reliable difference', where);
  assert.ok(p.pairedExamples > 0, where);
  // The verdict agrees with the interval's side of zero (a 'better' interval is above 0).
  if (p.verdict === 'better') assert.ok(lo > 0, where);
  if (p.verdict === 'worse') assert.ok(hi < 0, where);
}

describe('zopo optimize --json carries the held-out verdict per prompt', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-heldout-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('on the bundled example and on each instruction-induction dataset', async () => {
    const prompt = join(dir, 'task.prompt');
    writeFileSync(prompt, 'Do the task.\n');
    const names: string[] = [];
    for (const d of datasets()) {
      const argv = ['optimize', '--provider', 'sandbox', '--prompt', prompt, '--data', d.train, '--test-data', d.test, '--budget', '8', '--val-size', '5', '--candidates', '12', '--local-embeddings', '--out', join(dir, d.name.replace(/\W/g, '_')), '--json'];
      const run = await runCli(argv, dir);
      assert.equal(run.code, 0, `${d.name}: ${run.stderr}`);
      const report = JSON.parse(run.stdout) as JsonReport;
      const challengers = report.prompts.filter((p) => p.text !== report.original.text);
      assert.ok(challengers.length > 0, `${d.name}: some prompt other than the original is returned`);
      for (const p of challengers) checkPrompt(d.name, p);
      const recommended = report.recommended === null ? undefined : report.prompts[report.recommended];
      if (recommended === undefined) assert.match(report.noImprovement ?? '', /No reliable improvement/, d.name);
      else assert.equal(recommended.verdict, 'better', d.name);
      names.push(d.name);
    }
    assert.ok(names.length >= 11, `the example and the ten datasets ran (${names.join(', ')})`);
  });
});
