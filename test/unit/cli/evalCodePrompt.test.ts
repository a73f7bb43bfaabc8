import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const DATA = join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl');

describe('zopo eval --prompt with a source file and no binding name', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-eval-code-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 naming the literals to choose from, instead of scoring the source code as a prompt', async () => {
    writeFileSync(join(dir, 'app.ts'), 'export const SYSTEM_PROMPT = `Give the antonym of the word.`;\nconst GREETING = "Hello there, how are you?";\n');
    writeFileSync(join(dir, 'empty.py'), 'x = 1\n');
    const run = await runCli(['eval', '--provider', 'sandbox', '--prompt', 'app.ts', '--data', DATA, '--no-cache'], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /app\.ts: is source code, not a prompt file: name the literal to score after "#", e\.g\. app\.ts#SYSTEM_PROMPT; its literals bound to a name: SYSTEM_PROMPT, GREETING/);
    assert.equal(run.stdout, '');
    const none = await runCli(['eval', '--provider', 'sandbox', '--prompt', 'empty.py', '--data', DATA, '--no-cache'], dir);
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /empty\.py: is source code, not a prompt file: .*; it has no string literal bound to a name/);
    const named = await runCli(['eval', '--provider', 'sandbox', '--prompt', 'app.ts#SYSTEM_PROMPT', '--data', DATA, '--no-cache', '--json'], dir);
    assert.equal(named.code, 0, named.stderr);
    assert.equal((JSON.parse(named.stdout) as { prompt: string }).prompt, 'Give the antonym of the word.');
  });

  it('zopo optimize given a source file without #NAME exits 2 listing its named literals as file:line: name', async () => {
    writeFileSync(join(dir, 'app.ts'), 'export const SYSTEM_PROMPT = `Give the antonym of the word.`;\nconst GREETING = "Hello there, how are you?";\n');
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'app.ts', '--data', DATA, '--out', 'r', '--write'], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /app\.ts: is source code, not a prompt file: name the literal to optimize after "#", e\.g\. app\.ts#SYSTEM_PROMPT; its literals bound to a name: SYSTEM_PROMPT, GREETING:\n {2}app\.ts:1: SYSTEM_PROMPT\n {2}app\.ts:2: GREETING/);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(join(dir, 'r')), 'nothing was started');
  });
});
