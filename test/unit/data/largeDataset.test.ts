import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { loadDataset } from '../../../src/core/data/datasetLoader';
import { splitDataset } from '../../../src/core/data/datasetSplit';
import { scratchDir } from './tempFiles';

describe('large datasets', () => {
  const dir = scratchDir();
  after(() => dir.cleanup());

  it('loads and splits 100,000 JSONL rows quickly and within modest memory', async () => {
    const file = dir.path('big.jsonl');
    const rows: string[] = [];
    for (let i = 0; i < 100_000; i++) rows.push(JSON.stringify({ input: `question number ${i} about topic ${i % 97}`, output: `answer ${i}` }));
    writeFileSync(file, rows.join('\n') + '\n');
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const ds = await loadDataset(file);
    const split = splitDataset(ds.examples, { seed: 3, validationSize: 20 });
    const elapsed = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.equal(ds.examples.length, 100_000);
    assert.equal(ds.examples[99_999]?.line, 100_000);
    assert.deepEqual(ds.warnings, []);
    assert.equal(split.sampler.batch(0).length, 20);
    assert.ok(elapsed < 4000, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(heapGrowth < 400 * 1024 * 1024, `heap grew ${(heapGrowth / 1048576).toFixed(0)} MB`);
  });
});
