import assert from 'node:assert/strict';
import { normalizeAnswer } from '../../../src/core/eval/answerNormalize';
import { containsAnswer, exactMatch, exactSet, tokenF1 } from '../../../src/core/eval/textMetrics';

describe('text metrics', () => {
  it('normalises as SQuAD does: case, punctuation, articles, whitespace', () => {
    assert.equal(normalizeAnswer('  The  Quick, brown fox!\n'), 'quick brown fox');
    assert.equal(normalizeAnswer('An apple-pie'), 'applepie');
    assert.equal(normalizeAnswer('“Theory” – a thing'), 'theory thing');
    assert.equal(normalizeAnswer('another'), 'another', 'articles only as whole words');
  });

  it('exact match compares normalised text, using the first line by default', () => {
    assert.deepEqual(exactMatch('The answer.', 'answer'), { score: 1 });
    assert.deepEqual(exactMatch('\nCold\nbecause hot is the opposite', 'cold'), { score: 1 });
    assert.equal(exactMatch('\nCold\nbecause', 'cold', false).score, 0);
    assert.deepEqual(exactMatch('warm', 'cold'), { score: 0, detail: 'got "warm", expected "cold"' });
    assert.equal(exactMatch('line one\nline two', 'Line one\nline two').score, 1, 'a multi-line answer is compared whole');
  });

  it('contains looks for the expected answer as whole words', () => {
    assert.equal(containsAnswer('I think it is a Big dog.', 'big dog').score, 1);
    assert.equal(containsAnswer('bigger dogs', 'big dog').score, 0);
    assert.equal(containsAnswer('anything', '   ').score, 0);
    assert.equal(containsAnswer('costs (a+b)', 'a+b').score, 1, 'regex metacharacters in the answer are literal');
  });

  it('token F1 matches the SQuAD formula', () => {
    const r = tokenF1('the cat sat on the mat', 'a cat sat');
    // output tokens: cat sat on mat (4); expected: cat sat (2); common 2 -> P 0.5, R 1, F1 2/3
    assert.ok(Math.abs(r.score - 2 / 3) < 1e-12);
    assert.equal(tokenF1('cat cat', 'cat').score, 2 / 3);
    assert.equal(tokenF1('', '').score, 1);
    assert.equal(tokenF1('', 'x').score, 0);
    assert.deepEqual(tokenF1('dog', 'cat'), { score: 0, detail: 'no tokens in common' });
  });

  it('exact set compares item sets regardless of order and duplicates', () => {
    assert.equal(exactSet('Apple, pear\nplum, apple', 'plum, pear, apple').score, 1);
    assert.deepEqual(exactSet('apple, kiwi', 'apple, pear'), { score: 0, detail: 'missing pear; extra kiwi' });
    assert.equal(exactSet('to the never', 'never to', 'words').score, 1);
    assert.equal(exactSet('to the never', 'never to').score, 0);
  });
});
