import assert from 'node:assert/strict';
import type { Example } from '../../../src/core/data/datasetTypes';
import { splitDataset } from '../../../src/core/data/datasetSplit';
import { ValidationSampler } from '../../../src/core/data/validationSampler';
import { datasetError } from './datasetErrorAssert';

function examples(n: number): Example[] {
  return Array.from({ length: n }, (_, i) => ({ index: i, line: i + 1, inputs: { input: `q${i}` }, output: `a${i}` }));
}

const ids = (xs: readonly Example[]): number[] => xs.map((e) => e.index);

describe('dataset split', () => {
  it('splits into disjoint demos, validation and test that cover every row', () => {
    const split = splitDataset(examples(200), { seed: 1, validationSize: 20 });
    assert.deepEqual([split.test.length, split.demos.length, split.validation.length], [40, 48, 112]);
    const all = [...ids(split.test), ...ids(split.demos), ...ids(split.validation)];
    assert.equal(new Set(all).size, 200);
    assert.deepEqual(split.warnings, []);
    const tight = splitDataset(examples(100), { seed: 1, validationSize: 20 });
    assert.match(tight.warnings[0] ?? '', /56 examples: re-evaluating on 2 x 20 fresh examples will reuse some/);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = splitDataset(examples(50), { seed: 7, validationSize: 5 });
    const b = splitDataset(examples(50), { seed: 7, validationSize: 5 });
    const c = splitDataset(examples(50), { seed: 8, validationSize: 5 });
    assert.deepEqual(ids(a.validation), ids(b.validation));
    assert.deepEqual(ids(a.sampler.batch(3)), ids(b.sampler.batch(3)));
    assert.notDeepEqual(ids(a.validation), ids(c.validation));
  });

  it('holds nothing out when a separate test set is given', () => {
    const test = examples(3);
    const split = splitDataset(examples(10), { seed: 1, validationSize: 4, testExamples: test, demoCount: 2 });
    assert.equal(split.test, test);
    assert.deepEqual([split.demos.length, split.validation.length], [2, 8]);
  });

  it('fails clearly when there are too few rows, and warns when the pool is small', () => {
    const err = datasetError(() => splitDataset(examples(2), { seed: 1, validationSize: 5, file: 'tiny.jsonl' }));
    assert.equal(err.message, 'tiny.jsonl:1:1: 2 examples are too few: need at least 3 (a test, a demonstration and a validation example)');
    const small = splitDataset(examples(10), { seed: 1, validationSize: 20 });
    assert.match(small.warnings[0] ?? '', /fewer than the validation size 20/);
    assert.equal(small.sampler.batch(0).length, small.validation.length);
    assert.throws(() => splitDataset(examples(10), { seed: 1, validationSize: 0 }), /positive integer/);
  });
});

describe('validation sampler', () => {
  const pool = examples(10);

  it('gives batch 0 first, then fresh batches, per candidate', () => {
    const s = new ValidationSampler(pool, 3);
    assert.deepEqual(ids(s.take('a').examples), [0, 1, 2]);
    const again = s.take('a', 2);
    assert.deepEqual(again.batches, [1, 2]);
    assert.deepEqual(ids(again.examples), [3, 4, 5, 6, 7, 8]);
    assert.equal(again.reused, false);
    assert.deepEqual(ids(s.take('b').examples), [0, 1, 2], 'another candidate starts on the same objective batch');
    assert.equal(s.used('a'), 3);
  });

  it('wraps around the pool deterministically and says examples repeat', () => {
    const s = new ValidationSampler(pool, 4);
    assert.equal(s.distinctBatches, 2);
    assert.deepEqual(ids(s.batch(2)), [8, 9, 0, 1]);
    const draw = s.take(1, 3);
    assert.equal(draw.reused, true);
  });
});
