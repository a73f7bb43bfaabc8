/**
 * `zopo optimize --prompt app.ts#NAME`: the literal bound to NAME is the prompt, and --write
 * replaces just that literal, escaped for its language and quote kind, with the prompt
 * file's write safety. The written literal is checked by locating it again and reading its
 * value, and the file by parsing it (TypeScript's parser; Python's own when present).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { literalsNamed, literalsOf } from '../../../src/cli/codePrompt';
import { writeChosenLiteral } from '../../../src/cli/literalWrite';
import type { JsonReport } from '../../../src/cli/resultReport';
import { readRunStamp, sha256Of } from '../../../src/core/pipeline/runStamp';
import { ROOT } from '../pipeline/pipelineFixtures';
import { runCli } from './cliHarness';

const DATA = join(ROOT, 'examples/antonyms/data/antonyms.jsonl');
const TEST = join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl');
/** Everything that needs escaping somewhere: quotes of each kind, backslashes, line breaks, `${`, braces. */
const NASTY = 'Reply with the antonym.\nSay "no" if unsure; it\'s `fine`.\nA path: C:\\temp\\new, a regex \\d+\\n, ${notAVariable} and {braces} {{double}}.';

async function valueOf(file: string, name: string): Promise<string | undefined> {
  const found = literalsNamed(await literalsOf(readFileSync(file, 'utf8'), file), name);
  assert.equal(found.length, 1, `exactly one literal bound to ${name} in ${file}`);
  return found[0]?.value;
}

function assertTypeScriptParses(file: string): void {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const diagnostics = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `${file} parses`);
}

/** Python's own reading of `NAME = <literal>` (plain strings only), when python3 is installed. */
function pythonValue(file: string, name: string): string | undefined {
  const script = `import ast,sys,json\ntree=ast.parse(open(sys.argv[1]).read())\nfor n in tree.body:\n  if isinstance(n,ast.Assign) and n.targets[0].id==sys.argv[2]: print(json.dumps(ast.literal_eval(n.value)))`;
  const run = spawnSync('python3', ['-c', script, file, name], { encoding: 'utf8' });
  if (run.error !== undefined) return undefined;
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string;
}

describe('zopo optimize --prompt file#NAME', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-optimize-literal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stampOf = (file: string, literal: string): { path: string; sha256: string; literal: string } => ({ path: file, sha256: sha256Of(readFileSync(file)), literal });

  it('writes a prompt with quotes, backslashes, newlines and ${ into TypeScript literals of each quote kind; the file still parses', async () => {
    const head = 'import { x } from "./x";\n';
    const tail = '\nexport const OTHER = "untouched";\n';
    const cases: [string, string][] = [
      ['template', 'export const PROMPT = `Give the ${"antonym"} of ${x}.`;'],
      ['single', "export const PROMPT = 'Give the antonym.';"],
      ['double', 'const config = { PROMPT: "Give the antonym." };'],
      ['concatenated', "const PROMPT =\n  'Give the ' +\n  'antonym.';"],
    ];
    for (const [kind, code] of cases) {
      const file = join(dir, `${kind}.ts`);
      writeFileSync(file, head + code + tail);
      const outcome = await writeChosenLiteral(stampOf(file, 'PROMPT'), NASTY, dir);
      assert.equal(outcome.written, true, `${kind}: ${outcome.written ? '' : outcome.reason}`);
      assert.equal(await valueOf(file, 'PROMPT'), NASTY, `${kind}: the literal reads back as the prompt`);
      assertTypeScriptParses(file);
      const text = readFileSync(file, 'utf8');
      assert.ok(text.startsWith(head) && text.endsWith(tail), `${kind}: only the literal changed`);
      assert.equal(readFileSync(join(dir, 'best-prompt.txt'), 'utf8'), `${NASTY}\n`);
    }
  });

  it('writes the same prompt into Python literals (plain, single-quoted, triple-quoted, f-string); Python reads it back', async () => {
    const cases: [string, string, boolean][] = [
      ['double', 'PROMPT = "Give the antonym."', true],
      ['single', "PROMPT = 'Give the antonym.'", true],
      ['triple', 'PROMPT = """Give the\nantonym."""', true],
      ['fstring', 'word = "w"\nPROMPT = f"Give the antonym of {word}."', false],
    ];
    for (const [kind, code, plain] of cases) {
      const file = join(dir, `${kind}.py`);
      writeFileSync(file, `import os\n${code}\nOTHER = 'untouched'\n`);
      const outcome = await writeChosenLiteral(stampOf(file, 'PROMPT'), NASTY, dir);
      assert.equal(outcome.written, true, `${kind}: ${outcome.written ? '' : outcome.reason}`);
      assert.equal(await valueOf(file, 'PROMPT'), NASTY, `${kind}: the literal reads back as the prompt`);
      const python = plain ? pythonValue(file, 'PROMPT') : undefined;
      if (python !== undefined) assert.equal(python, NASTY, `${kind}: Python's own parser reads the prompt`);
      assert.match(readFileSync(file, 'utf8'), /^import os\n[\s\S]*\nOTHER = 'untouched'\n$/);
    }
  });

  it('refuses a source file changed since the run read it; a write keeps the mode of the file', async () => {
    const file = join(dir, 'app.ts');
    writeFileSync(file, 'export const PROMPT = "Give the antonym.";\n');
    chmodSync(file, 0o640);
    const stamp = stampOf(file, 'PROMPT');
    writeFileSync(file, 'export const PROMPT = "Give the antonym!";\n');
    const changed = await writeChosenLiteral(stamp, NASTY, dir);
    assert.equal(changed.written, false);
    assert.match(changed.written ? '' : changed.reason, /has changed since the run read it/);
    assert.equal(readFileSync(file, 'utf8'), 'export const PROMPT = "Give the antonym!";\n');
    const fresh = stampOf(file, 'PROMPT');
    const written = await writeChosenLiteral(fresh, 'New prompt.', dir);
    assert.equal(written.written, true);
    assert.equal(statSync(file).mode & 0o777, 0o640, 'the mode is kept');
    assert.equal(readFileSync(file, 'utf8'), 'export const PROMPT = "New prompt.";\n');
  });

  it('optimizes the literal end to end and --write puts the best prompt in it (exit 0); the rest of the file is unchanged', async () => {
    const file = join(dir, 'app.py');
    const before = 'import os\n\nSYSTEM_PROMPT = "Answer."\n\ndef run():\n    return os.name\n';
    writeFileSync(file, before);
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'app.py#SYSTEM_PROMPT', '--data', DATA, '--test-data', TEST, '--budget', '12', '--val-size', '5', '--candidates', '12', '--out', 'r', '--write', '--force-write', '--json', '--no-cache'], dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.original.text, 'Answer.', 'the literal is the prompt, not the source file');
    assert.equal(readRunStamp(join(dir, 'r'))?.promptFile?.literal, 'SYSTEM_PROMPT');
    const best = readFileSync(join(dir, 'r', 'best-prompt.txt'), 'utf8').replace(/\n$/, '');
    assert.match(run.stderr, /wrote the best prompt to the literal bound to "SYSTEM_PROMPT" in app\.py/);
    assert.notEqual(best, 'Answer.');
    assert.equal(await valueOf(file, 'SYSTEM_PROMPT'), best);
    const after = readFileSync(file, 'utf8');
    const start = before.indexOf('"Answer."');
    assert.equal(after.slice(0, start), before.slice(0, start));
    assert.ok(after.endsWith(before.slice(start + '"Answer."'.length)), 'the rest of the file is as it was');
  });

  it('--resume --write of a finished literal run writes the literal the run read, from its stamp; an edited file is refused (exit 1)', async () => {
    const file = join(dir, 'app.ts');
    writeFileSync(file, 'export const SYSTEM_PROMPT = `Answer.`;\n');
    const run = await runCli(['optimize', '--provider', 'sandbox', '--prompt', 'app.ts#SYSTEM_PROMPT', '--data', DATA, '--test-data', TEST, '--budget', '12', '--val-size', '5', '--candidates', '12', '--out', 'r', '--no-cache'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'export const SYSTEM_PROMPT = `Answer.`;\n', 'no --write, no change');
    // Edited since the run read it: exit 1, the file as the user left it, the prompt kept in the run.
    writeFileSync(file, 'export const SYSTEM_PROMPT = `Answer!`;\n');
    const refused = await runCli(['optimize', '--resume', 'r', '--write', '--force-write'], dir);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /app\.ts has changed since the run read it: nothing was written to it/);
    assert.equal(readFileSync(file, 'utf8'), 'export const SYSTEM_PROMPT = `Answer!`;\n');
    writeFileSync(file, 'export const SYSTEM_PROMPT = `Answer.`;\n');
    const resumed = await runCli(['optimize', '--resume', 'r', '--write', '--force-write'], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    const best = readFileSync(join(dir, 'r', 'best-prompt.txt'), 'utf8').replace(/\n$/, '');
    assert.equal(await valueOf(file, 'SYSTEM_PROMPT'), best);
    assertTypeScriptParses(file);
  });
});
