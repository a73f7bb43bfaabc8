import assert from 'node:assert/strict';
import { cleanCandidateText, exactKey, splitCandidateList } from '../../../src/core/candidates/candidateText';

const clean = (raw: string, continuation = false): string | undefined => cleanCandidateText(raw, { maxChars: 200, continuation });

describe('candidate text: splitting replies', () => {
  it('splits a numbered list and drops the preamble', () => {
    const reply = 'Here are 3 versions:\n\n1. Give the opposite word.\n2) Write the antonym.\n3. Name the word\n   with the reverse meaning.';
    assert.deepEqual(splitCandidateList(reply), ['Give the opposite word.', 'Write the antonym.', 'Name the word\n   with the reverse meaning.']);
  });

  it('keeps nested bullets inside their numbered item', () => {
    const reply = '1. Classify the review.\n- Answer positive or negative.\n- No explanation.\n2. Label the review.';
    assert.deepEqual(splitCandidateList(reply), ['Classify the review.\n- Answer positive or negative.\n- No explanation.', 'Label the review.']);
  });

  it('splits a bulleted list when there are no numbers', () => {
    assert.deepEqual(splitCandidateList('* First one here.\n* Second one here.'), ['First one here.', 'Second one here.']);
  });

  it('keeps a multi-line text without list markers whole, and a fenced one unfenced', () => {
    assert.deepEqual(splitCandidateList('Do the task.\n\nWord: {word}'), ['Do the task.\n\nWord: {word}']);
    assert.deepEqual(splitCandidateList('```\nDo the task.\n```'), ['Do the task.']);
    assert.deepEqual(splitCandidateList('   \n '), []);
  });

  it('does not split on a single numbered line', () => {
    assert.deepEqual(splitCandidateList('1. Only one.'), ['1. Only one.']);
  });
});

describe('candidate text: cleaning', () => {
  it('strips numbering, bullets, labels and wrapping quotes', () => {
    assert.equal(clean('3. "Give the antonym."'), 'Give the antonym.');
    assert.equal(clean('- Instruction: give the antonym.'), 'Give the antonym.');
    assert.equal(clean('**Version 2:** Write the opposite word.'), 'Write the opposite word.');
    assert.equal(clean('“Write the opposite word.”'), 'Write the opposite word.');
    assert.equal(clean("'Write the opposite word.'"), 'Write the opposite word.');
  });

  it('keeps quotes that do not wrap the whole text', () => {
    assert.equal(clean('"Yes" or "no": answer the question.'), '"Yes" or "no": answer the question.');
  });

  it('turns an APE continuation into a capitalised sentence', () => {
    assert.equal(clean('write the antonym of the given word', true), 'Write the antonym of the given word.');
    assert.equal(clean('The instruction was to: reverse the word\n\nExplanation: the outputs are...', true), 'Reverse the word.');
    assert.equal(clean(' "output the opposite." ', true), 'Output the opposite.');
  });

  it('does not add a full stop to rewrites, nor capitalise names or placeholders', () => {
    assert.equal(clean('give the antonym of {word}:'), 'Give the antonym of {word}:');
    assert.equal(clean('iPhone reviews: classify them'), 'iPhone reviews: classify them');
    assert.equal(clean('{word} -> antonym'), '{word} -> antonym');
  });

  it('drops empty, punctuation-only, too short and absurdly long texts', () => {
    assert.equal(clean(''), undefined);
    assert.equal(clean('1. ""'), undefined);
    assert.equal(clean('...!!'), undefined);
    assert.equal(clean('ok'), undefined);
    assert.equal(clean('Write '.repeat(50)), undefined);
    assert.equal(clean('The instruction was to', true), undefined);
  });
});

describe('candidate text: exact key', () => {
  it('ignores case and whitespace only', () => {
    assert.equal(exactKey('  Give the\n antonym. '), exactKey('give THE antonym.'));
    assert.notEqual(exactKey('Give the antonym.'), exactKey('Give the antonym'));
  });
});
