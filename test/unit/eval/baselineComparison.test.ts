import assert from 'node:assert/strict';
import { exampleIdentities, identitiesHash } from '../../../src/core/data/exampleIdentity';
import { compareWithBaseline, scoreInterval } from '../../../src/core/eval/baselineComparison';
import { wilsonInterval } from '../../../src/core/optimizer/portfolio';

const row = (input: string, output: string) => ({ inputs: { input }, output });

describe('example identities and baseline pairing', () => {
  it('identifies an example by its inputs and expected output; repeats are numbered', () => {
    const ids = exampleIdentities([row('hot', 'cold'), row('up', 'down'), row('hot', 'cold'), row('hot', 'warm')]);
    assert.equal(ids[2], `${ids[0] ?? ''}#2`);
    assert.notEqual(ids[3], ids[0], 'another expected output is another example');
    assert.equal(new Set(ids).size, 4);
    const [a] = exampleIdentities([{ inputs: { b: '2', a: '1' }, output: 'x' }]);
    const [b] = exampleIdentities([{ inputs: { a: '1', b: '2' }, output: 'x' }]);
    assert.equal(a, b, 'field order does not matter');
    assert.notEqual(identitiesHash(ids), identitiesHash([...ids].reverse()));
  });

  it('uses the Wilson interval for 0/1 scores and a bootstrap for graded ones', () => {
    const binary = scoreInterval([1, 0, 1, 1, 0, 1, 1, 1, 0, 1]);
    assert.equal(binary.method, 'wilson');
    assert.equal(binary.mean, 0.7);
    assert.deepEqual(binary.interval, wilsonInterval(7, 10));
    const graded = scoreInterval([0.2, 0.9, 0.5, 0.7, 0.4, 0.8, 0.6, 0.3]);
    assert.equal(graded.method, 'bootstrap');
    assert.ok(graded.interval[0] < graded.mean && graded.mean < graded.interval[1]);
    assert.ok(graded.interval[0] >= 0.2 && graded.interval[1] <= 0.9);
  });

  it('pairs by id whatever the order, counts the unpaired, and finds a clear regression', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const baseline = ids.map((id, i) => ({ id, score: i % 10 < 8 ? 1 : 0 }));
    const worse = [...ids].reverse().map((id) => ({ id, score: Number(id.slice(1)) % 10 < 3 ? 1 : 0 }));
    const c = compareWithBaseline([...worse, { id: 'new', score: 1 }], [...baseline, { id: 'old', score: 0 }]);
    assert.ok(c !== undefined);
    assert.equal(c.pairedExamples, 40);
    assert.deepEqual([c.onlyCurrent, c.onlyBaseline], [1, 1]);
    assert.equal(c.baselineMean, 0.8);
    assert.equal(c.currentMean, 0.3);
    assert.equal(c.method, 'mcnemar-exact');
    assert.equal(c.verdict, 'worse');
    const same = compareWithBaseline(baseline, [...baseline].reverse());
    assert.equal(same?.delta, 0);
    assert.equal(same?.verdict, 'no reliable difference');
    assert.equal(compareWithBaseline([{ id: 'a', score: 1 }], [{ id: 'b', score: 1 }]), undefined);
  });
});
