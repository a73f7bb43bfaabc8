import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { loadDataset, parseDataset } from '../../../src/core/data/datasetLoader';
import { splitDataset } from '../../../src/core/data/datasetSplit';
import { firstInvalidUtf8 } from '../../../src/core/data/utf8Text';
import { Rng } from '../../../src/core/optimizer/random';
import { datasetError, rejectsWithDatasetError } from './datasetErrorAssert';
import { scratchDir } from './tempFiles';

const fatal = new TextDecoder('utf-8', { fatal: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('dataset encodings: invalid UTF-8 is refused at its line and column', () => {
  const dir = scratchDir();
  after(() => dir.cleanup());
  const writeBytes = (name: string, ...parts: (string | number[])[]): string => {
    const file = dir.path(name);
    writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
    return file;
  };

  it('finds the first invalid sequence exactly where a strict decoder fails (random bytes)', () => {
    const rng = new Rng(13);
    // Mostly valid text with a few raw bytes, so both valid and invalid inputs are common.
    const pieces = ['a', 'é', '€', '😀', '\n', '"'];
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      const parts: number[] = [];
      for (let k = 0; k < 12; k++) {
        if (rng.next() < 0.08) parts.push(Math.floor(rng.next() * 256));
        else parts.push(...Buffer.from(pieces[Math.floor(rng.next() * pieces.length)] ?? 'a', 'utf8'));
      }
      const bytes = Uint8Array.from(parts);
      const at = firstInvalidUtf8(bytes);
      if (at === -1) {
        assert.ok(decodes(bytes), `valid by firstInvalidUtf8 but not by TextDecoder: ${Buffer.from(bytes).toString('hex')}`);
        continue;
      }
      invalid++;
      assert.ok(decodes(bytes.subarray(0, at)), `the bytes before ${at} decode: ${Buffer.from(bytes).toString('hex')}`);
      assert.ok(!decodes(bytes.subarray(0, Math.min(bytes.length, at + 4))), `the sequence at ${at} does not: ${Buffer.from(bytes).toString('hex')}`);
    }
    assert.ok(invalid > 300 && invalid < 2900, `both kinds were tried (${invalid} invalid)`);
  });

  it('refuses stray, overlong, surrogate, out-of-range and truncated sequences, and accepts every valid form', () => {
    const bad: number[][] = [[0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xff]];
    for (const seq of bad) assert.equal(firstInvalidUtf8(Uint8Array.from([0x61, ...seq, 0x62])), 1, Buffer.from(seq).toString('hex'));
    assert.equal(firstInvalidUtf8(Buffer.from('aé€😀\u{10FFFF}\ud7ff\ue000', 'utf8')), -1);
  });

  it('JSONL: a Latin-1 byte is an error at its line and column (exit 2 material), not U+FFFD', async () => {
    const file = writeBytes('latin1.jsonl', '{"input": "a", "output": "b"}\n{"input": "caf', [0xe9], '", "output": "x"}\n');
    const err = await rejectsWithDatasetError(loadDataset(file));
    assert.equal(err.code, 'invalid-utf8');
    assert.deepEqual([err.line, err.column], [2, 15]);
    assert.equal(err.message, `${file}:2:15: invalid UTF-8 (byte 0xE9): save the file as UTF-8`);
  });

  it('CSV: columns count characters, not bytes, and a BOM is not a column', async () => {
    const file = writeBytes('bad.csv', [0xef, 0xbb, 0xbf], 'input,output\nnaïve 😀,', [0xc3, 0x28], '\n');
    const err = await rejectsWithDatasetError(loadDataset(file));
    assert.equal(err.message, `${file}:2:10: invalid UTF-8 (byte 0xC3): save the file as UTF-8`);
    const first = await rejectsWithDatasetError(loadDataset(writeBytes('first.csv', [0xef, 0xbb, 0xbf], 'in', [0x80], 'put,output\n')));
    assert.deepEqual([first.line, first.column], [1, 3]);
  });

  it('a binary file is refused at its first invalid byte', async () => {
    const err = await rejectsWithDatasetError(loadDataset(writeBytes('blob.jsonl', [0x1f, 0x8b, 0x08, 0x00, 0x00])));
    assert.equal(err.code, 'invalid-utf8');
    assert.match(err.message, /blob\.jsonl:1:2: invalid UTF-8 \(byte 0x8B\)/);
  });

  it('every dataset error names a line and a column (a file that cannot be read names the file)', async () => {
    const located = /^[^\n]+:\d+:\d+: \S/;
    const errors = [
      datasetError(() => parseDataset('', 'e.jsonl')),
      datasetError(() => parseDataset('\n\n', 'b.jsonl')),
      datasetError(() => parseDataset('{"input": 1', 'j.jsonl')),
      datasetError(() => parseDataset('[1]', 'a.json')),
      datasetError(() => parseDataset('input,output\n', 'h.csv')),
      datasetError(() => parseDataset('input,output\na,b,c\n', 'n.csv')),
      datasetError(() => parseDataset('input,output\na\n', 'f.csv')),
      datasetError(() => parseDataset('input,input\na,b\n', 'd.csv')),
      datasetError(() => parseDataset('text,label\na,b\n', 'm.csv')),
      datasetError(() => parseDataset('input,output\n"a,b\n', 'q.csv')),
      datasetError(() => parseDataset('input,output\na,"b"c\n', 'c.csv')),
      datasetError(() => parseDataset('{"input": "a"}\n', 'o.jsonl')),
      datasetError(() => parseDataset('x', 'x.txt')),
      datasetError(() => splitDataset(parseDataset('{"input": "a", "output": "b"}\n', 't.jsonl').examples, { seed: 1, validationSize: 1, file: 't.jsonl' })),
    ];
    for (const err of errors) assert.match(err.message, located, err.message);
    const short = datasetError(() => parseDataset('input,output\na\n', 'f.csv'));
    assert.deepEqual([short.line, short.column], [2, 2], 'a short row points where its missing field would start');
    const missing = await rejectsWithDatasetError(loadDataset(dir.path('nope.jsonl')));
    assert.equal(missing.message, `${dir.path('nope.jsonl')}: file not found`);
  });
});
