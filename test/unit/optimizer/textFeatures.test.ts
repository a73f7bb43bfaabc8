import assert from 'node:assert/strict';
import { TEXT_FEATURE_NAMES, textFeatureMatrix, textFeatureRow } from '../../../src/core/optimizer/textFeatures';

/** The named feature of one text. */
function feature(text: string, name: (typeof TEXT_FEATURE_NAMES)[number]): number {
  return textFeatureRow(text)[TEXT_FEATURE_NAMES.indexOf(name)] as number;
}

describe('text features', () => {
  it('has one value per named feature', () => {
    assert.equal(textFeatureRow('Answer {q}').length, TEXT_FEATURE_NAMES.length);
  });

  it('sees the Q:/A: frame only when both labels start lines', () => {
    assert.equal(feature('Q: {question}\nA:', 'qaFrame'), 1);
    assert.equal(feature('\nQ: {question}\n A:', 'qaFrame'), 1);
    assert.equal(feature('Answer the question {question}. A: is not a label here', 'qaFrame'), 0);
  });

  it('sees the answer cue at the end, the leading newline and the labelled lines', () => {
    const t = '\nWrite a word without the letter {letter}.\nWord: \nNew word:';
    assert.equal(feature(t, 'leadingNewline'), 1);
    assert.equal(feature(t, 'endsWithColon'), 1);
    assert.equal(feature(t, 'endsWithQuestion'), 0);
    assert.equal(feature(t, 'labelledLines'), Math.log1p(2));
    assert.equal(feature(t, 'emptyLabel'), 1);
    assert.equal(feature(t, 'lines'), Math.log1p(3));
    assert.equal(feature('Which word is longer, {a} or {b}?', 'endsWithQuestion'), 1);
  });

  it('finds placeholders, their position and their quoting', () => {
    assert.equal(feature('Tell me which is longer, "{word1}" or "{word2}".', 'quotedPlaceholder'), 1);
    assert.equal(feature('Tell me which is longer, {word1} or {word2}.', 'quotedPlaceholder'), 0);
    assert.equal(feature('{{ question }} answer it', 'firstPlaceholderAt'), 0);
    assert.equal(feature('no placeholder', 'firstPlaceholderAt'), 1);
    assert.equal(feature('a {x} b {y}', 'placeholders'), Math.log1p(2));
    assert.equal(feature('Classify: {text}', 'endsWithPlaceholder'), 1);
    assert.equal(feature('Classify {text} now', 'endsWithPlaceholder'), 0);
  });

  it('sees answer-format instructions, examples and enumerations', () => {
    assert.equal(feature('Answer with only the letter of the option.', 'answerFormat'), 1);
    assert.equal(feature('Reply yes or no.', 'answerFormat'), 1);
    assert.equal(feature('Think about the sentence.', 'answerFormat'), 0);
    assert.equal(feature('For example, "cat" has 3 letters.', 'example'), 1);
    assert.equal(feature('Options:\n(A) first\n(B) second', 'enumerated'), 1);
    assert.equal(feature('Options: first, second', 'enumerated'), 0);
  });

  it('standardises each column over the pool, zeroing columns that do not vary', () => {
    const texts = ['Q: {a}\nA:', 'Say {a}', 'Say {a} please?', '\nWrite {a}\nOutput:'];
    const m = textFeatureMatrix(texts);
    const f = TEXT_FEATURE_NAMES.length;
    for (let j = 0; j < f; j++) {
      const col = texts.map((_, i) => m[i * f + j] as number);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      assert.ok(Math.abs(mean) < 1e-12, `${TEXT_FEATURE_NAMES[j]} mean ${mean}`);
      assert.ok(Math.abs(sd - 1) < 1e-9 || sd === 0, `${TEXT_FEATURE_NAMES[j]} sd ${sd}`);
    }
    const placeholders = TEXT_FEATURE_NAMES.indexOf('placeholders');
    assert.ok(texts.every((_, i) => m[i * f + placeholders] === 0), 'every text has one placeholder');
  });
});
