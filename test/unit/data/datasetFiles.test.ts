import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { DatasetError, formatLocation } from '../../../src/core/data/datasetError';
import { listDatasetFields, listFieldsInText } from '../../../src/core/data/datasetFields';
import { detectFormat, loadDataset } from '../../../src/core/data/datasetLoader';
import { rejectsWithDatasetError } from './datasetErrorAssert';
import { scratchDir } from './tempFiles';

describe('dataset files and errors', () => {
  const dir = scratchDir();
  after(() => dir.cleanup());

  it('formats locations as file:line:column: reason, a whole-file problem at 1:1', () => {
    const err = new DatasetError('invalid-json', 'a.jsonl', 'bad', 3, 7);
    assert.equal(err.message, 'a.jsonl:3:7: bad');
    assert.equal(new DatasetError('empty', 'a.csv', 'empty').message, 'a.csv:1:1: empty');
    assert.equal(formatLocation('f', 2), 'f:2');
    assert.ok(err instanceof Error);
  });

  it('turns a missing file or a directory into a DatasetError', async () => {
    const missing = await rejectsWithDatasetError(loadDataset(dir.path('nope.jsonl')));
    assert.deepEqual([missing.code, missing.reason], ['io', 'file not found']);
    mkdirSync(dir.path('sub.jsonl'));
    const folder = await rejectsWithDatasetError(loadDataset(dir.path('sub.jsonl')));
    assert.deepEqual([folder.code, folder.reason], ['io', 'is a directory, not a file']);
  });

  it('detects the format from the extension, and asks for one when it cannot', async () => {
    assert.deepEqual(['a.JSONL', 'b.ndjson', 'c.json', 'd.csv', 'e.tsv', 'f.txt'].map(detectFormat), ['jsonl', 'jsonl', 'json', 'csv', 'tsv', undefined]);
    const file = dir.write('data.txt', '{"input": "a", "output": "b"}\n');
    const err = await rejectsWithDatasetError(loadDataset(file));
    assert.equal(err.code, 'unknown-format');
    const ds = await loadDataset(file, { format: 'jsonl' });
    assert.equal(ds.examples.length, 1);
  });

  it('rejects a mapping that uses one field as both input and output', async () => {
    const file = dir.write('m.jsonl', '{"input": "a", "output": "b"}\n');
    const err = await rejectsWithDatasetError(loadDataset(file, { mapping: { inputs: ['input'], output: 'input' } }));
    assert.match(err.reason, /both an input and the output/);
  });

  it('lists the fields found, in first-seen order, with counts and samples', async () => {
    const file = dir.write('f.jsonl', '{"question": "why?", "answer": "", "meta": {"a": 1}}\n{"answer": "because", "id": 7}\n');
    const fields = await listDatasetFields(file);
    assert.deepEqual(fields, [
      { name: 'question', count: 1, sample: 'why?', hasNonText: false },
      { name: 'answer', count: 2, sample: 'because', hasNonText: false },
      { name: 'meta', count: 1, sample: '', hasNonText: true },
      { name: 'id', count: 1, sample: '7', hasNonText: false },
    ]);
    assert.deepEqual(listFieldsInText('text,label\nhello world,pos\n', 'x.csv', 'csv').map((f) => f.name), ['text', 'label']);
  });
});
