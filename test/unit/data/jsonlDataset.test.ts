import { SHARED_DATA } from '../sharedData';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadDataset, parseDataset } from '../../../src/core/data/datasetLoader';
import { datasetError } from './datasetErrorAssert';

const DATA = SHARED_DATA;

describe('JSONL datasets', () => {
  it('loads an instruction-induction file with the default input/output fields', async () => {
    const file = `${DATA}/antonyms.train.jsonl`;
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ds = await loadDataset(file);
    assert.equal(ds.format, 'jsonl');
    assert.equal(ds.examples.length, lines.length);
    const first = JSON.parse(lines[0] ?? '{}') as { input: string; output: string };
    assert.deepEqual(ds.examples[0], { index: 0, line: 1, inputs: { input: first.input }, output: first.output });
  });

  it('maps several input fields and a custom output field', () => {
    const text = '{"q": "2+2", "ctx": "maths", "a": "4"}\n{"q": "capital of France", "ctx": "geo", "a": "Paris"}\n';
    const ds = parseDataset(text, 'm.jsonl', { mapping: { inputs: ['q', 'ctx'], output: 'a' } });
    assert.deepEqual(ds.examples[1], { index: 1, line: 2, inputs: { q: 'capital of France', ctx: 'geo' }, output: 'Paris' });
    assert.deepEqual(ds.warnings, []);
  });

  it('converts numbers and booleans to text unless told to reject them', () => {
    const text = '{"input": "0 1", "output": 1}\n{"input": true, "output": "yes"}\n';
    const ds = parseDataset(text, 'n.jsonl');
    assert.equal(ds.examples[0]?.output, '1');
    assert.equal(ds.examples[1]?.inputs['input'], 'true');
    const err = datasetError(() => parseDataset(text, 'n.jsonl', { rejectNumbers: true }));
    assert.equal(err.code, 'not-text');
    assert.deepEqual([err.line, err.column], [1, 18]);
    assert.match(err.reason, /field "output" is a number; expected text/);
  });

  it('reports broken JSON with the exact line and column', () => {
    const text = '{"input": "a", "output": "b"}\n{"input": "c", "output": }\n';
    const err = datasetError(() => parseDataset(text, 'broken.jsonl'));
    assert.equal(err.code, 'invalid-json');
    assert.deepEqual([err.file, err.line, err.column], ['broken.jsonl', 2, 26]);
    assert.equal(err.message, `broken.jsonl:2:26: ${err.reason}`);
    assert.match(err.reason, /invalid JSON: unexpected character "}", expected a JSON value/);
  });

  it('points at an unterminated string and at a trailing comma', () => {
    const unterminated = datasetError(() => parseDataset('{"input": "a", "output": "b}\n', 'u.jsonl'));
    assert.deepEqual([unterminated.line, unterminated.column], [1, 26]);
    assert.match(unterminated.reason, /unterminated string/);
    const comma = datasetError(() => parseDataset('\n\n  {"input": "a", "output": "b",}', 'c.jsonl'));
    assert.deepEqual([comma.line, comma.column], [3, 32]);
    assert.match(comma.reason, /property name in double quotes/);
  });

  it('names a missing field, the record line and the fields the record does have', () => {
    const err = datasetError(() => parseDataset('{"input": "a", "output": "b"}\n{"input": "c", "label": "d"}\n', 'm.jsonl'));
    assert.equal(err.code, 'missing-field');
    assert.deepEqual([err.line, err.column], [2, 1]);
    assert.match(err.reason, /missing field "output" \(this record has "input", "label"\)/);
  });

  it('rejects objects, arrays and null where text is expected, pointing at the field', () => {
    const err = datasetError(() => parseDataset('{"output": "x", "input": {"text": "hi"}}\n', 'o.jsonl'));
    assert.equal(err.code, 'not-text');
    assert.deepEqual([err.line, err.column], [1, 17]);
    assert.match(err.reason, /field "input" is an object/);
    const nul = datasetError(() => parseDataset('{"input": "a", "output": null}', 'o.jsonl'));
    assert.match(nul.reason, /field "output" is null/);
  });

  it('rejects a line that is valid JSON but not an object', () => {
    const err = datasetError(() => parseDataset('{"input": "a", "output": "b"}\n  ["a", "b"]\n', 'a.jsonl'));
    assert.equal(err.code, 'not-an-object');
    assert.deepEqual([err.line, err.column], [2, 3]);
    assert.match(err.reason, /found an array/);
  });

  it('rejects an empty or whitespace-only file', () => {
    for (const text of ['', '\n\n  \n']) {
      const err = datasetError(() => parseDataset(text, 'e.jsonl'));
      assert.equal(err.code, 'empty');
      assert.equal(err.message, 'e.jsonl:1:1: the dataset is empty');
    }
  });

  it('reports blank lines, empty fields, duplicates and conflicts as warnings with lines, keeping the rows', () => {
    const text = [
      '{"input": "hot", "output": "cold"}',
      '',
      '{"input": "up", "output": ""}',
      '{"input": "hot", "output": "cold"}',
      '{"input": "hot", "output": "chilly"}',
    ].join('\n');
    const ds = parseDataset(text, 'w.jsonl');
    assert.equal(ds.examples.length, 4);
    assert.deepEqual(
      ds.warnings.map((w) => [w.kind, w.line, w.firstLine]),
      [
        ['blank-line', 2, undefined],
        ['empty-field', 3, undefined],
        ['duplicate', 4, 1],
        ['conflict', 5, 1],
      ],
    );
    assert.equal(ds.warnings[1]?.message, 'empty "output"');
  });

  it('names the earliest identical row for a repeat of a conflicting row, and keys several inputs apart', () => {
    const text = [
      '{"a": "x", "b": "y", "output": "1"}',
      '{"a": "x", "b": "y", "output": "2"}',
      '{"a": "x", "b": "y", "output": "2"}',
      '{"a": "x", "b": "y", "output": "3"}',
      '{"a": "xy", "b": "", "output": "1"}',
      '{"a": "x", "b": "y", "output": "1"}',
    ].join('\n');
    const ds = parseDataset(text, 'w.jsonl', { mapping: { inputs: ['a', 'b'], output: 'output' } });
    assert.deepEqual(
      ds.warnings.filter((w) => w.kind !== 'empty-field').map((w) => [w.kind, w.line, w.firstLine]),
      [
        ['conflict', 2, 1],
        ['duplicate', 3, 2],
        ['conflict', 4, 1],
        ['duplicate', 6, 1],
      ],
    );
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const ds = parseDataset('\ufeff{"input": "a", "output": "b"}\r\n{"input": "c", "output": "d"}\r\n', 'crlf.jsonl');
    assert.deepEqual(ds.examples.map((e) => [e.line, e.output]), [[1, 'b'], [2, 'd']]);
    assert.deepEqual(ds.warnings, []);
  });
});
