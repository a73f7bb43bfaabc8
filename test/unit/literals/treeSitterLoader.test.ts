import * as assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPromptLiterals } from '../../../src/core/literals/findPromptLiterals';
import { defaultWasmDir, hasSyntaxErrors, WASM_FILES } from '../../../src/core/literals/treeSitterLoader';

describe('treeSitterLoader', () => {
  it('finds every file to ship in the package folder', () => {
    for (const file of WASM_FILES) assert.ok(existsSync(path.join(defaultWasmDir(), file)), file);
  });

  it('loads grammars from any directory holding the shipped files (as a bundle does)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zopo-wasm-'));
    try {
      for (const file of WASM_FILES) await copyFile(path.join(defaultWasmDir(), file), path.join(dir, file));
      const lits = await findPromptLiterals('x = "from a copy"\n', 'python', { wasmDir: dir });
      assert.equal(lits[0]?.value, 'from a copy');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when a grammar is not where it is said to be', async () => {
    await assert.rejects(findPromptLiterals('x = 1', 'python', { wasmDir: path.join(os.tmpdir(), 'no-such-wasm-dir') }), /ENOENT/);
  });

  it('reports syntax errors', async () => {
    assert.equal(await hasSyntaxErrors('x = "ok"\n', 'python'), false);
    assert.equal(await hasSyntaxErrors('x = ("open\n', 'python'), true);
    assert.equal(await hasSyntaxErrors('const a = <div>;', 'tsx'), true);
  });

  it('parses a large file quickly', async () => {
    const source = Array.from({ length: 2000 }, (_, i) => `const p${i} = "Prompt number ${i} with \\n an escape" + \`and ${'${x}'}\`;`).join('\n');
    const started = Date.now();
    const lits = await findPromptLiterals(source, 'typescript');
    assert.equal(lits.length, 2000);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });
});
