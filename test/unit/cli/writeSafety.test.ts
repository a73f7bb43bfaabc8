import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../src/cli/resultReport';
import { BEST_PROMPT_FILE, readPrompt, writeChosenPrompt } from '../../../src/cli/promptFile';
import type { FileStamp } from '../../../src/core/pipeline/runStamp';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { makeWorkspace, sandboxFor, type Workspace } from '../pipeline/pipelineFixtures';
import { entries, runCli, waitFor } from './cliHarness';
import { Readable } from 'node:stream';

const PROMPT_TEXT = 'Write the opposite of the given word.\n';
const BEST = 'Give the antonym of the word.';

describe('--write keeps the user\'s file safe', () => {
  let ws: Workspace;
  let runDir: string;
  let n = 0;

  before(() => {
    ws = makeWorkspace();
  });
  after(() => ws.cleanup());
  beforeEach(() => {
    runDir = join(ws.dir, `run-${++n}`);
    mkdirSync(runDir);
  });

  /** The prompt file as a run reads it, with its stamp. */
  async function readAs(file: string): Promise<FileStamp> {
    const loaded = await readPrompt(file, Readable.from([]));
    assert.ok(loaded.stamp);
    return loaded.stamp;
  }

  it('writes the chosen prompt, keeping the trailing whitespace, and keeps a copy in the run directory', async () => {
    const file = ws.write(`p${n}.prompt`, 'Old prompt.\n\n');
    const outcome = writeChosenPrompt(await readAs(file), BEST, runDir);
    assert.equal(outcome.written, true);
    assert.equal(readFileSync(file, 'utf8'), `${BEST}\n\n`);
    assert.equal(readFileSync(join(runDir, BEST_PROMPT_FILE), 'utf8'), `${BEST}\n`);
    assert.deepEqual(entries(ws.dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');
  });

  it('refuses a file that changed since the run read it: the edit stays, the best prompt is kept', async () => {
    const file = ws.write(`p${n}.prompt`, PROMPT_TEXT);
    const stamp = await readAs(file);
    writeFileSync(file, 'The user edited this.\n');
    const outcome = writeChosenPrompt(stamp, BEST, runDir);
    assert.equal(outcome.written, false);
    assert.match(outcome.written ? '' : outcome.reason, /has changed since the run read it/);
    assert.equal(readFileSync(file, 'utf8'), 'The user edited this.\n');
    assert.equal(readFileSync(outcome.savedTo, 'utf8'), `${BEST}\n`);
  });

  it('keeps mode 640 and the owner', async () => {
    const file = ws.write(`p${n}.prompt`, PROMPT_TEXT);
    chmodSync(file, 0o640);
    // As root the test can give the file to another owner; otherwise it keeps ours.
    if (process.getuid?.() === 0) chownSync(file, 4321, 4322);
    const before = statSync(file);
    assert.equal(writeChosenPrompt(await readAs(file), BEST, runDir).written, true);
    const after = statSync(file);
    assert.equal(readFileSync(file, 'utf8'), `${BEST}\n`);
    assert.equal(after.mode & 0o7777, 0o640);
    assert.deepEqual([after.uid, after.gid], [before.uid, before.gid]);
  });

  it('refuses a read-only file (444), naming it, even for root', async () => {
    const file = ws.write(`p${n}.prompt`, PROMPT_TEXT);
    chmodSync(file, 0o444);
    const outcome = writeChosenPrompt(await readAs(file), BEST, runDir);
    assert.equal(outcome.written, false);
    assert.equal(outcome.written ? '' : outcome.reason, `${file} is read-only`);
    assert.equal(readFileSync(file, 'utf8'), PROMPT_TEXT);
    assert.equal(statSync(file).mode & 0o777, 0o444);
    assert.equal(readFileSync(outcome.savedTo, 'utf8'), `${BEST}\n`);
  });

  it('writes through a symlink: the link stays a link, its target changes', async () => {
    const target = ws.write(`target${n}.prompt`, PROMPT_TEXT);
    chmodSync(target, 0o600);
    const link = join(ws.dir, `link${n}.prompt`);
    symlinkSync(target, link);
    assert.equal(writeChosenPrompt(await readAs(link), BEST, runDir).written, true);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), target);
    assert.equal(readFileSync(target, 'utf8'), `${BEST}\n`);
    assert.equal(statSync(target).mode & 0o777, 0o600);
  });
});

describe('zopo optimize --write end to end', () => {
  let ws: Workspace;
  let server: SandboxHandle;
  const args = (prompt: string, out: string): string[] => ['optimize', '--provider', 'sandbox', '--base-url', server.baseUrl, '--prompt', prompt, '--data', ws.data, '--test-data', ws.test, '--budget', '12', '--val-size', '5', '--seed', '4', '--out', out];

  before(async () => {
    ws = makeWorkspace();
    server = await sandboxFor(ws, { latencyMs: 10 });
  });
  after(async () => {
    await server.close();
    ws.cleanup();
  });

  it('an edit of the prompt file during the run is kept: exit 1, nothing written, the best prompt saved and printed', async function () {
    this.timeout(60_000);
    const file = ws.write('edited.prompt', PROMPT_TEXT);
    const evaluations = join(ws.dir, 'edited', 'evaluations.jsonl');
    const running = runCli([...args('edited.prompt', 'edited'), '--write', '--force-write', '--json'], ws.dir);
    // Edited between phases: once the search has logged an evaluation.
    await waitFor(() => entries(join(ws.dir, 'edited')).includes('evaluations.jsonl') && readFileSync(evaluations, 'utf8').length > 0, 40_000, 'the first evaluation');
    writeFileSync(file, 'My own better prompt.\n');
    const run = await running;
    const report = JSON.parse(run.stdout) as JsonReport;
    const best = report.prompts[0]?.text ?? '';
    assert.notEqual(best, report.original.text, 'precondition: the run found a prompt to write');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /edited\.prompt has changed since the run read it: nothing was written to it\. The best prompt is kept in edited\/best-prompt\.txt/);
    assert.ok(run.stderr.includes(best), 'the best prompt is printed');
    assert.equal(readFileSync(file, 'utf8'), 'My own better prompt.\n');
    assert.equal(readFileSync(join(ws.dir, 'edited', 'best-prompt.txt'), 'utf8'), `${best}\n`);
  });

  it('a read-only prompt file is refused with exit 1, naming the file', async function () {
    this.timeout(60_000);
    const file = ws.write('ro.prompt', PROMPT_TEXT);
    chmodSync(file, 0o444);
    const run = await runCli([...args('ro.prompt', 'ro'), '--write', '--force-write', '--json'], ws.dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /zopo: ro\.prompt is read-only: nothing was written to it/);
    assert.equal(readFileSync(file, 'utf8'), PROMPT_TEXT);
  });

  it('--resume <dir> --write writes the run\'s own prompt file', async function () {
    this.timeout(60_000);
    const file = ws.write('later.prompt', PROMPT_TEXT);
    const first = await runCli([...args('later.prompt', 'later'), '--json'], ws.dir);
    assert.equal(first.code, 0, first.stderr);
    const best = (JSON.parse(first.stdout) as JsonReport).prompts[0]?.text ?? '';
    assert.notEqual(`${best}\n`, PROMPT_TEXT, 'precondition: the run found a prompt to write');
    assert.equal(readFileSync(file, 'utf8'), PROMPT_TEXT, 'without --write the file is left alone');
    // From another directory: the run knows its prompt file by its absolute path.
    mkdirSync(join(ws.dir, 'elsewhere'));
    const resumed = await runCli(['optimize', '--resume', '../later', '--write', '--force-write'], join(ws.dir, 'elsewhere'));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /wrote the best prompt to .*later\.prompt/);
    assert.equal(readFileSync(file, 'utf8'), `${best}\n`);
  });
});
