import assert from 'node:assert/strict';
import { parseDataset } from '../../../src/core/data/datasetLoader';
import { datasetError } from './datasetErrorAssert';

describe('CSV datasets', () => {
  it('parses quoted commas, quotes and newlines, with each row on the line it starts', () => {
    const text = 'input,output\n"Hello, world","a ""quoted"" word"\n"two\nlines",x\nplain,y\n';
    const ds = parseDataset(text, 'd.csv');
    assert.deepEqual(
      ds.examples.map((e) => [e.line, e.inputs['input'], e.output]),
      [
        [2, 'Hello, world', 'a "quoted" word'],
        [3, 'two\nlines', 'x'],
        [5, 'plain', 'y'],
      ],
    );
    assert.deepEqual(ds.warnings, []);
  });

  it('maps columns by header name and trims header names', () => {
    const ds = parseDataset('\ufeff question , answer ,id\nwhy,because,1\n', 'q.csv', { mapping: { inputs: ['question'], output: 'answer' } });
    assert.deepEqual(ds.examples[0]?.inputs, { question: 'why' });
    assert.equal(ds.examples[0]?.output, 'because');
  });

  it('reports a row with the wrong number of fields at its line, pointing at the extra field', () => {
    const err = datasetError(() => parseDataset('input,output\na,b\nc,d,e\n', 'd.csv'));
    assert.equal(err.code, 'field-count');
    assert.equal(err.message, 'd.csv:3:5: row has 3 fields but the header has 2 (input, output); quote values that contain ","');
  });

  it('reports an unclosed quote at the quote that opens it', () => {
    const err = datasetError(() => parseDataset('input,output\na,b\n"c,d\ne,f\n', 'd.csv'));
    assert.equal(err.code, 'invalid-csv');
    assert.deepEqual([err.line, err.column], [3, 1]);
    const later = datasetError(() => parseDataset('input,output\na,b\nc,"d\ne,f\n', 'd.csv'));
    assert.equal(later.message, 'd.csv:3:3: a quoted field opened here is never closed');
  });

  it('reports text after a closing quote at its line', () => {
    const err = datasetError(() => parseDataset('input,output\na,b\nc,"d"x\n', 'd.csv'));
    assert.equal(err.code, 'invalid-csv');
    assert.deepEqual([err.line, err.column], [3, 3]);
    assert.match(err.reason, /^invalid CSV: Invalid Closing Quote/);
  });

  it('reports a mapped field missing from the header at line 1', () => {
    const err = datasetError(() => parseDataset('text,label\na,b\n', 'd.csv'));
    assert.equal(err.code, 'missing-field');
    assert.equal(err.message, 'd.csv:1:1: missing field "input" in the header (it has "text", "label"); check the field mapping');
  });

  it('rejects duplicate and empty header names', () => {
    assert.match(datasetError(() => parseDataset('input,input\na,b\n', 'd.csv')).message, /^d\.csv:1:7: header names the field "input" twice/);
    assert.match(datasetError(() => parseDataset('input,,output\na,b,c\n', 'd.csv')).message, /^d\.csv:1:7: header column 2 has no name/);
  });

  it('warns about blank lines and all-empty rows instead of dropping them silently', () => {
    const ds = parseDataset('input,output\na,b\n\n,\nc,d\n', 'd.csv');
    assert.equal(ds.examples.length, 3);
    assert.deepEqual(ds.warnings.map((w) => [w.kind, w.line]), [['blank-line', 3], ['empty-field', 4]]);
    assert.equal(ds.warnings[1]?.message, 'empty "input" and "output"');
  });

  it('reads TSV by extension and rejects a header-only file', () => {
    const ds = parseDataset('input\toutput\na, b\tc\n', 'd.tsv');
    assert.deepEqual(ds.examples[0]?.inputs, { input: 'a, b' });
    assert.equal(datasetError(() => parseDataset('input,output\n', 'd.csv')).code, 'empty');
  });
});
