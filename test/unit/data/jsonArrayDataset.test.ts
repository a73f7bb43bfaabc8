import assert from 'node:assert/strict';
import { parseDataset } from '../../../src/core/data/datasetLoader';
import { datasetError } from './datasetErrorAssert';

describe('JSON array datasets', () => {
  it('loads an array of objects and records the line each element starts on', () => {
    const text = '[\n  {"input": "a", "output": "b"},\n  {\n    "input": "c",\n    "output": "d"\n  }\n]\n';
    const ds = parseDataset(text, 'arr.json');
    assert.equal(ds.format, 'json');
    assert.deepEqual(ds.examples.map((e) => [e.line, e.inputs['input'], e.output]), [[2, 'a', 'b'], [3, 'c', 'd']]);
  });

  it('locates a syntax error across lines', () => {
    const text = '[\n  {"input": "a", "output": "b"},\n  {"input": "c" "output": "d"}\n]';
    const err = datasetError(() => parseDataset(text, 'arr.json'));
    assert.equal(err.code, 'invalid-json');
    assert.deepEqual([err.line, err.column], [3, 17]);
    assert.match(err.reason, /expected ',' or '}'/);
  });

  it('reports a missing field at the element, and a non-text field at its key', () => {
    const missing = datasetError(() => parseDataset('[{"input": "a", "output": "b"},\n {"input": "c"}]', 'arr.json'));
    assert.deepEqual([missing.code, missing.line, missing.column], ['missing-field', 2, 2]);
    const nested = datasetError(() => parseDataset('[\n {"input": "a",\n  "output": ["b"]}]', 'arr.json'));
    assert.deepEqual([nested.code, nested.line, nested.column], ['not-text', 3, 3]);
    assert.match(nested.reason, /field "output" is an array/);
  });

  it('rejects a top-level object and non-object elements', () => {
    const top = datasetError(() => parseDataset('\n {"input": "a"}', 'obj.json'));
    assert.deepEqual([top.code, top.line, top.column], ['not-an-object', 2, 2]);
    const el = datasetError(() => parseDataset('[{"input": "a", "output": "b"}, "oops"]', 'arr.json'));
    assert.deepEqual([el.code, el.line, el.column], ['not-an-object', 1, 33]);
    assert.match(el.reason, /array element 2: expected a JSON object, found a string/);
  });

  it('finds element starts past strings holding brackets and commas', () => {
    const text = '[{"input": "[,]{", "output": "x"},\n"tail"]';
    const err = datasetError(() => parseDataset(text, 'arr.json'));
    assert.deepEqual([err.line, err.column], [2, 1]);
  });

  it('rejects an empty array', () => {
    const err = datasetError(() => parseDataset('[]', 'arr.json'));
    assert.equal(err.code, 'empty');
  });
});
