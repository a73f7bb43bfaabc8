import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LandscapeError, loadLandscape } from '../../../src/bench/landscape';

function validObject(): Record<string, unknown> {
  return {
    format: 'zopo-landscape/1',
    name: 'tiny/smooth',
    valSize: 20,
    candidates: [
      { text: 'a', embedding: [1, 0, 0.5] },
      { text: 'b', embedding: [0, 1, -0.5] },
      { text: 'c', embedding: [0.25, 0.75, 0] },
    ],
    accuracy: [0.4, 0.9, 0.6],
  };
}

describe('bench landscape loader', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-landscape-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: unknown): string {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  function assertFails(file: string, problem: RegExp): void {
    assert.throws(
      () => loadLandscape(file),
      (err: unknown) => {
        assert.ok(err instanceof LandscapeError, `expected a LandscapeError, got ${String(err)}`);
        assert.ok(err.message.startsWith(`${file}: `), `message should name the file: ${err.message}`);
        assert.match(err.problem, problem);
        return true;
      },
    );
  }

  it('loads a valid file into a row-major pool and accuracies', () => {
    const l = loadLandscape(write('ok.json', validObject()));
    assert.equal(l.name, 'tiny/smooth');
    assert.equal(l.valSize, 20);
    assert.deepEqual([l.pool.n, l.pool.dim], [3, 3]);
    assert.deepEqual([...l.pool.data], [1, 0, 0.5, 0, 1, -0.5, 0.25, 0.75, 0]);
    assert.deepEqual([...l.accuracy], [0.4, 0.9, 0.6]);
    assert.equal(l.poolMax, 0.9);
    assert.deepEqual(l.texts, ['a', 'b', 'c']);
  });

  it('names a missing file', () => {
    assertFails(join(dir, 'absent.json'), /cannot read/);
  });

  it('rejects text that is not JSON', () => {
    assertFails(write('broken.json', '{"format": "zopo-landscape/1", '), /not valid JSON/);
  });

  it('rejects a wrong or missing format tag', () => {
    assertFails(write('format.json', { ...validObject(), format: 'zopo-landscape/2' }), /"format" must be "zopo-landscape\/1", found "zopo-landscape\/2"/);
    const { format: _omit, ...rest } = validObject();
    assertFails(write('noformat.json', rest), /"format" .* found nothing/);
  });

  it('rejects a bad valSize and an empty pool', () => {
    assertFails(write('val.json', { ...validObject(), valSize: -1 }), /"valSize" must be a non-negative integer/);
    assertFails(write('val2.json', { ...validObject(), valSize: 2.5 }), /"valSize"/);
    assertFails(write('empty.json', { ...validObject(), candidates: [], accuracy: [] }), /"candidates" must be a non-empty array/);
  });

  it('rejects embeddings of different lengths, naming the candidate', () => {
    const o = validObject();
    o['candidates'] = [{ text: 'a', embedding: [1, 2] }, { text: 'b', embedding: [1, 2] }, { text: 'c', embedding: [1, 2, 3] }];
    assertFails(write('dims.json', o), /candidates\[2\]\.embedding has length 3, but candidates\[0\] has 2/);
  });

  it('rejects non-numeric embedding entries and missing texts', () => {
    const o = validObject();
    o['candidates'] = [{ text: 'a', embedding: [1, 'x'] }];
    o['accuracy'] = [0.5];
    assertFails(write('nan.json', o), /candidates\[0\]\.embedding\[1\] is not a finite number/);
    o['candidates'] = [{ embedding: [1, 2] }];
    assertFails(write('notext.json', o), /candidates\[0\]\.text must be a string/);
  });

  it('rejects accuracies that do not match the pool or leave [0, 1]', () => {
    assertFails(write('acclen.json', { ...validObject(), accuracy: [0.4, 0.9] }), /"accuracy" has 2 entries but there are 3 candidates/);
    assertFails(write('accrange.json', { ...validObject(), accuracy: [0.4, 1.2, 0.6] }), /accuracy\[1\] must be a number in \[0, 1\], found 1\.2/);
    assertFails(write('accmissing.json', { ...validObject(), accuracy: undefined }), /"accuracy" must be an array/);
  });

  it('rejects a top level that is not an object', () => {
    assertFails(write('array.json', [1, 2, 3]), /top level must be a JSON object/);
  });
});
