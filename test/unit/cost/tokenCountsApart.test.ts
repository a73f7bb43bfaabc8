import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { countTokens } from '../../../src/core/cost/tokenCount';
import { countTokensApart } from '../../../src/core/cost/tokenCountsApart';

describe('token counts for the estimate, in a worker thread', () => {
  let dir: string;
  let workerFile: string;
  const texts = ['Write the opposite of the given word.', 'hot', '', '<|endoftext|> is plain text here', 'ünïcödé ✓ 漢字'];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-tokens-'));
    workerFile = join(dir, 'tokenWorker.js');
    // The worker as the build ships it: a bundle of its own.
    await build({ entryPoints: ['src/core/cost/tokenWorker.ts'], outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts in the worker exactly as the tokenizer does here', async () => {
    const result = await countTokensApart(texts, { workerFile });
    assert.equal(result.where, 'worker');
    assert.deepEqual(result.counts, texts.map(countTokens));
  });

  it('counts here, with the same numbers, when there is no worker script', async () => {
    const result = await countTokensApart(texts, { workerFile: join(dir, 'missing.js') });
    assert.equal(result.where, 'here');
    assert.deepEqual(result.counts, texts.map(countTokens));
  });

  it('counts here when the worker fails or never answers within the time limit', async () => {
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, 'throw new Error("no tokenizer");');
    const silent = join(dir, 'silent.js');
    writeFileSync(silent, 'setInterval(() => {}, 1000);');
    for (const file of [broken, silent]) {
      const started = Date.now();
      const result = await countTokensApart(texts, { workerFile: file, timeoutMs: 300 });
      assert.equal(result.where, 'here');
      assert.deepEqual(result.counts, texts.map(countTokens));
      assert.ok(Date.now() - started < 5000);
    }
  });
});
