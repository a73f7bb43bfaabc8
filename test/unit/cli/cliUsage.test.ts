import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetric, parseOptimizeArgs, UsageError } from '../../../src/cli/optimizeArgs';
import { makeWorkspace, ROOT, type Workspace } from '../pipeline/pipelineFixtures';
import { entries, runCli } from './cliHarness';

describe('zopo usage and bad input', () => {
  let ws: Workspace;
  let prompt: string;

  before(() => {
    ws = makeWorkspace();
    prompt = ws.write('p.prompt', 'Write the opposite of the given word.\n');
  });
  after(() => ws.cleanup());

  it('prints help and the version', async () => {
    const help = await runCli(['--help'], ws.dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /zopo optimize/);
    const optimizeHelp = await runCli(['optimize', '--help'], ws.dir);
    assert.equal(optimizeHelp.code, 0);
    assert.match(optimizeHelp.stdout, /--budget <queries>/);
    assert.match(optimizeHelp.stdout, /OPENAI_API_KEY/);
    const version = await runCli(['--version'], ws.dir);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  const badUsage: [string, string[], RegExp][] = [
    ['an unknown flag', ['--prompt', 'p.prompt', '--data', 'train.jsonl', '--colour'], /Unknown option '--colour'/],
    ['a non-numeric budget', ['--prompt', 'p.prompt', '--data', 'train.jsonl', '--budget', 'lots'], /--budget lots/],
    ['a missing --data', ['--prompt', 'p.prompt'], /--data <file> is required/],
    ['an unknown provider', ['--prompt', 'p.prompt', '--data', 'train.jsonl', '--provider', 'acme'], /--provider acme/],
    ['--write with stdin', ['--prompt', '-', '--data', 'train.jsonl', '--write'], /--write needs a prompt file/],
    ['run flags with --resume', ['--resume', 'somewhere', '--budget', '5'], /drop --budget/],
    ['OpenAI without a key', ['--prompt', 'p.prompt', '--data', 'train.jsonl'], /OPENAI_API_KEY/],
  ];
  for (const [what, argv, message] of badUsage) {
    it(`exits 2 on ${what}, writing nothing`, async () => {
      const run = await runCli(['optimize', ...argv], ws.dir);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
      assert.deepEqual(entries(join(ws.dir, '.zopo')), []);
    });
  }

  it('exits 2 on a broken dataset, naming file:line:col relative to the working directory', async () => {
    ws.write('broken.jsonl', '{"input": "a", "output": "b"}\n{"input": "c", "output": "d"}\n{"input": "e" "output": "f"}\n');
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', 'broken.jsonl'], ws.dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^broken\.jsonl:3:\d+: /m);
    assert.deepEqual(entries(join(ws.dir, '.zopo')), []);
    assert.equal(readFileSync(prompt, 'utf8'), 'Write the opposite of the given word.\n');
  });

  it('exits 2 on a missing prompt file or dataset', async () => {
    const noPrompt = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'nope.prompt', '--data', 'train.jsonl'], ws.dir);
    assert.equal(noPrompt.code, 2);
    assert.match(noPrompt.stderr, /nope\.prompt: file not found/);
    const noData = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', 'nope.jsonl'], ws.dir);
    assert.equal(noData.code, 2);
    assert.match(noData.stderr, /nope\.jsonl: file not found/);
  });

  it('exits 1 without starting when the estimate exceeds --max-calls', async () => {
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'p.prompt', '--data', 'train.jsonl', '--max-calls', '5'], ws.dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /exceed.*calls.*--yes/s);
    assert.deepEqual(entries(join(ws.dir, '.zopo')), []);
  });

  it('parses metrics with arguments and rejects unknown ones', () => {
    assert.deepEqual(parseMetric('f1'), { name: 'f1' });
    assert.deepEqual(parseMetric('label:pos, neg'), { name: 'label', labels: ['pos', 'neg'] });
    assert.deepEqual(parseMetric('regex:^a$'), { name: 'regex', pattern: '^a$' });
    assert.throws(() => parseMetric('bleu'), UsageError);
    assert.throws(() => parseOptimizeArgs(['--prompt', 'p', '--data', 'd', '--max-cost=-1']), /--max-cost -1/);
  });
});
