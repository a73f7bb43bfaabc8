import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLine, encodeLine } from '../../../src/core/cache/cacheLine';
import { DiskCache } from '../../../src/core/cache/diskCache';

describe('disk cache', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-cache-'));
    path = join(dir, 'sub', 'llm-cache.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes lines byte for byte as JSON.stringify of {k, t, v, c} with the checksum over [k, t, v]', () => {
    const values: unknown[] = [{ texts: ['a "quoted"\n line', 'é'], finishReasons: ['stop'], promptTokens: 3, completionTokens: 1 }, [0.25, -1e-7, 3], 'plain', 0, null];
    for (const value of values) {
      const key = 'k\u2028"x"';
      const c = createHash('sha256').update(JSON.stringify([key, 1700000000123, value])).digest('hex').slice(0, 16);
      assert.equal(encodeLine({ key, time: 1700000000123, value }), `${JSON.stringify({ k: key, t: 1700000000123, v: value, c })}\n`);
    }
  });

  it('keeps its own copy of a stored value and notices its log grew past the bound', () => {
    const cache = DiskCache.open(path, { maxBytes: 1000, compactToBytes: 400 });
    const value = { texts: ['a'], n: 1 };
    cache.set('k', value);
    value.texts.push('b');
    assert.deepEqual(cache.get('k'), { texts: ['a'], n: 1 });
    for (let i = 0; cache.stats.compactions === 0 && i < 100; i++) cache.set(`key${i}`, 'x'.repeat(40));
    assert.equal(cache.stats.compactions, 1);
    assert.ok(statSync(path).size <= 400);
    cache.close();
  });

  it('round-trips a record line and detects tampering', () => {
    const line = encodeLine({ key: 'k', time: 5, value: { texts: ['a'], n: 1.5 } });
    assert.deepEqual(decodeLine(line.trim()), { key: 'k', time: 5, value: { texts: ['a'], n: 1.5 } });
    assert.deepEqual(decodeLine(line.replace('"a"', '"b"').trim()), { error: 'checksum mismatch' });
    assert.deepEqual(decodeLine(line.slice(0, 10)), { error: 'not JSON (truncated or corrupt)' });
  });

  it('keeps entries across reopening', () => {
    const cache = DiskCache.open(path);
    cache.set('a', { x: 1 });
    cache.set('b', [1, 2, 3]);
    cache.set('a', { x: 2 });
    cache.close();
    const reopened = DiskCache.open(path);
    assert.deepEqual(reopened.get('a'), { x: 2 });
    assert.deepEqual(reopened.get('b'), [1, 2, 3]);
    assert.equal(reopened.get('c'), undefined);
    assert.deepEqual([reopened.stats.hits, reopened.stats.misses, reopened.stats.entries], [2, 1, 2]);
    reopened.close();
  });

  it('skips corrupt and truncated lines, reporting each, and keeps the rest', () => {
    const cache = DiskCache.open(path);
    cache.set('good1', 1);
    cache.close();
    const tampered = encodeLine({ key: 'bad', time: 1, value: 2 }).replace('"v":2', '"v":3');
    appendFileSync(path, `garbage{{\n${tampered}`);
    appendFileSync(path, encodeLine({ key: 'good2', time: 2, value: 'two' }));
    appendFileSync(path, '{"k":"cut","t":3,"v":');
    const warnings: string[] = [];
    const reopened = DiskCache.open(path, { onWarning: (w) => warnings.push(w) });
    assert.equal(reopened.get('good1'), 1);
    assert.equal(reopened.get('good2'), 'two');
    assert.equal(reopened.get('bad'), undefined);
    assert.equal(reopened.stats.warnings, 3);
    assert.equal(warnings.length, 3);
    assert.match(warnings.join('\n'), /checksum mismatch/);
    assert.match(warnings.join('\n'), /truncated/);
    reopened.close();
  });

  it('compacts to the newest entries when over its bound', () => {
    const cache = DiskCache.open(path, { maxBytes: 4000, compactToBytes: 2000 });
    for (let i = 0; i < 60; i++) cache.set(`key${i}`, { text: 'x'.repeat(50), i });
    assert.ok(cache.stats.compactions >= 1);
    assert.ok(statSync(path).size <= 4000);
    assert.deepEqual(cache.get('key59'), { text: 'x'.repeat(50), i: 59 });
    assert.equal(cache.get('key0'), undefined);
    cache.close();
    const reopened = DiskCache.open(path);
    assert.equal(reopened.stats.warnings, 0);
    assert.equal(reopened.stats.entries, cache.stats.entries);
    assert.deepEqual(reopened.get('key59'), { text: 'x'.repeat(50), i: 59 });
    reopened.close();
  });

  it('lets two writers share one file without corrupting lines', () => {
    const first = DiskCache.open(path);
    const second = DiskCache.open(path);
    for (let i = 0; i < 20; i++) {
      first.set(`a${i}`, i);
      second.set(`b${i}`, i);
    }
    first.close();
    second.close();
    const merged = DiskCache.open(path);
    assert.equal(merged.stats.entries, 40);
    assert.equal(merged.stats.warnings, 0);
    merged.close();
  });

  it('reopens its descriptor after another writer compacted the file', () => {
    const writer = DiskCache.open(path);
    writer.set('before', 1);
    const other = DiskCache.open(path);
    other.compact();
    writer.set('after', 2);
    writer.close();
    other.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => (decodeLine(l) as { key: string }).key), ['before', 'after']);
  });

  it('starts empty when the file does not exist, and survives an empty file', () => {
    const cache = DiskCache.open(path);
    assert.equal(cache.stats.entries, 0);
    cache.close();
    writeFileSync(path, '');
    assert.equal(DiskCache.open(path).stats.warnings, 0);
  });
});
