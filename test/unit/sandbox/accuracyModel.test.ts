import assert from 'node:assert/strict';
import { answersCorrectly, instructionAccuracy, taskProfile } from '../../../src/core/sandbox/accuracyModel';
import { extractOriginal, parseMetaRequest, requestedCount } from '../../../src/core/sandbox/metaPrompt';
import { sentimentDataset } from './sentimentFixture';

describe('sandbox accuracy model', () => {
  const profile = taskProfile(sentimentDataset(20));

  it('finds the labels of a classification task', () => {
    assert.deepEqual([...profile.labels].sort(), ['negative', 'positive']);
  });

  it('is deterministic and within [0.02, 0.98]', () => {
    for (const text of ['', 'x', 'Classify the sentiment of the review.', 'word '.repeat(500)]) {
      const p = instructionAccuracy(text, profile);
      assert.equal(instructionAccuracy(text, profile), p);
      assert.ok(p >= 0.02 && p <= 0.98, `${p}`);
    }
  });

  it('rises with mentions of the task keywords, labels and a format rule', () => {
    const bare = instructionAccuracy('Decide what the text is about and give your answer for it now.', profile);
    const keyed = instructionAccuracy('Decide the sentiment of the review and give your answer for it now.', profile);
    const full = instructionAccuracy(
      'Decide the sentiment of the review as positive or negative. Answer with only the label.',
      profile,
    );
    assert.ok(keyed > bare + 0.1, `${keyed} vs ${bare}`);
    assert.ok(full > keyed, `${full} vs ${keyed}`);
  });

  it('moves only a little for a one-word edit (smooth but bumpy)', () => {
    const a = instructionAccuracy('Classify the sentiment of the movie review as positive or negative.', profile);
    const b = instructionAccuracy('Classify the sentiment of this movie review as positive or negative.', profile);
    assert.ok(Math.abs(a - b) < 0.15 && a !== b, `${a} vs ${b}`);
  });

  it('decides each item by a fixed coin', () => {
    const text = 'Classify the sentiment.';
    assert.equal(answersCorrectly(text, 'abc', profile), answersCorrectly(text, 'abc', profile));
  });

  it('recognises meta-prompts and what they ask for', () => {
    assert.deepEqual(parseMetaRequest('I gave a friend an instruction and 5 inputs...'), { kind: 'propose' });
    assert.equal(parseMetaRequest('Review 3: a dull film.'), undefined);
    const rewrite = parseMetaRequest('Paraphrase the following instruction.\n<instruction>Sort the mail.</instruction>');
    assert.deepEqual(rewrite, { kind: 'rewrite', original: 'Sort the mail.' });
    assert.equal(extractOriginal('Rewrite this prompt:\n"Summarise the article in one line."'), 'Summarise the article in one line.');
    assert.equal(requestedCount('Write 5 new instructions'), 5);
    assert.equal(requestedCount('Write a new instruction'), 1);
  });
});
