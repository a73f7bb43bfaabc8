import assert from 'node:assert/strict';
import { MetricError } from '../../../src/core/eval/scoreTypes';
import { firstNumber, jsonEqual, labelScorer, labelsFromOutputs, numericScorer, regexScorer } from '../../../src/core/eval/structuredMetrics';

describe('structured metrics', () => {
  it('regex match mode tests the output; an invalid pattern is a clear error', () => {
    const score = regexScorer('^\\d{3}-\\d{4}$');
    assert.equal(score('555-1234', '').score, 1);
    assert.equal(score('call 555-1234', '').score, 0);
    assert.equal(regexScorer('yes', 'i')('YES', '').score, 1);
    assert.throws(() => regexScorer('(unclosed'), (e: unknown) => e instanceof MetricError && /invalid regular expression \/\(unclosed\/: /.test(e.message));
  });

  it('regex extract mode compares the captured answer with the expected one', () => {
    const named = regexScorer('Answer:\\s*(?<answer>.+)', '', 'extract');
    assert.equal(named('Reasoning...\nAnswer: Paris.', 'paris').score, 1);
    assert.deepEqual(named('Answer: Rome', 'Paris'), { score: 0, detail: 'extracted "Rome", expected "Paris"' });
    assert.equal(regexScorer('=\\s*(\\d+)', '', 'extract')('2+2 = 4', '4').score, 1);
    assert.throws(() => regexScorer('\\d+', '', 'extract'), /needs a capture group/);
    // A global flag would make test() stateful across examples; it is ignored.
    const g = regexScorer('a', 'g');
    assert.deepEqual([g('a', '').score, g('a', '').score], [1, 1]);
  });

  it('JSON equality parses both sides and ignores key order and code fences', () => {
    assert.equal(jsonEqual('{"b": [1, 2], "a": "x"}', '{"a":"x","b":[1,2]}').score, 1);
    assert.equal(jsonEqual('```json\n{"a": 1}\n```', '{"a": 1}').score, 1);
    assert.equal(jsonEqual('{"b": [2, 1]}', '{"b": [1, 2]}').score, 0);
    assert.deepEqual(jsonEqual('a is 1', '{"a": 1}'), { score: 0, detail: 'the output is not valid JSON' });
    assert.equal(jsonEqual('1', '1.0').score, 1);
  });

  it('numeric tolerance reads the first number and accepts absolute or relative error', () => {
    assert.deepEqual([firstNumber('about 1,234.5 units'), firstNumber('-3e2'), firstNumber('none'), firstNumber('x .5')], [1234.5, -300, undefined, 0.5]);
    const strict = numericScorer();
    assert.equal(strict('The sum is 12.', '12').score, 1);
    assert.equal(strict('0.30000000000000004', '0.3').score, 1);
    assert.deepEqual(strict('13', '12'), { score: 0, detail: 'got 13, expected 12' });
    assert.equal(numericScorer({ absolute: 1 })('13', '12').score, 1);
    assert.equal(numericScorer({ relative: 0.05 })('104', '100').score, 1);
    assert.equal(numericScorer({ relative: 0.05 })('106', '100').score, 0);
    assert.equal(strict('twelve', '12').detail, 'no number in the output');
    assert.throws(() => numericScorer({ absolute: -1 }), MetricError);
  });

  it('label match takes the first label named in the output', () => {
    const score = labelScorer(['positive', 'negative', 'very positive']);
    assert.equal(score('Positive. It is not negative.', 'positive').score, 1);
    assert.equal(score('Negative, not positive', 'positive').score, 0);
    assert.equal(score('Very positive!', 'very positive').score, 1);
    assert.equal(score('I am unsure', 'positive').detail, 'no label (positive, negative, very positive) in the output');
    assert.equal(score('positively', 'positive').score, 0, 'whole words only');
    assert.throws(() => labelScorer([]), /at least one label/);
    assert.deepEqual(labelsFromOutputs(['pos', ' neg', 'pos', '']), ['pos', 'neg']);
  });
});
