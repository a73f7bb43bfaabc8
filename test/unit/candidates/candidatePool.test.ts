import assert from 'node:assert/strict';
import { CandidatePool } from '../../../src/core/candidates/candidatePool';
import { splitTemplate } from '../../../src/core/candidates/templateScaffold';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';

function poolFor(original: string, target = 10): CandidatePool {
  const template = parsePromptTemplate(original);
  return new CandidatePool(template, splitTemplate(template), target);
}

describe('candidate pool', () => {
  it('starts with the original and never adds it again', () => {
    const pool = poolFor('Give the antonym of the word.');
    assert.equal(pool.offer('give the  antonym of the word.', 'paraphrase', false), 'duplicate');
    assert.equal(pool.offer('1. "Give the antonym of the word."', 'paraphrase', false), 'duplicate');
    assert.deepEqual(pool.candidates, [{ text: 'Give the antonym of the word.', origin: 'original' }]);
    assert.equal(pool.duplicates, 2);
  });

  it('gives induced instructions the template scaffold', () => {
    const pool = poolFor('Give the antonym.\n\nWord: {input}\nAntonym:');
    assert.equal(pool.offer('write the opposite of the word', 'induction', false), 'added');
    assert.equal(pool.candidates[1]?.text, 'Write the opposite of the word.\n\nWord: {input}\nAntonym:');
  });

  it('puts the scaffold back on instruction-only rewrites', () => {
    const pool = poolFor('Give the antonym.\n\nWord: {input}\nAntonym:');
    assert.equal(pool.offer('Name the opposite.', 'shorter', true), 'added');
    assert.equal(pool.candidates[1]?.text, 'Name the opposite.\n\nWord: {input}\nAntonym:');
  });

  it('repairs a rewrite that dropped or re-spelled a variable and rejects one that invents a variable', () => {
    const pool = poolFor('What is the opposite of {input}? One word.');
    assert.equal(pool.offer('Opposite of ${input}, in one word.', 'paraphrase', false), 'added');
    assert.equal(pool.candidates[1]?.text, 'Opposite of {input}, in one word.');
    assert.equal(pool.offer('Name the reverse word.', 'shorter', false), 'added');
    assert.equal(pool.candidates[2]?.text, 'Name the reverse word.\n\n{input}');
    assert.equal(pool.offer('What is the opposite of {passage}?', 'paraphrase', false), 'rejected');
    assert.equal(pool.rejected, 1);
  });

  it('rejects a variable in a candidate for a prompt without any', () => {
    const pool = poolFor('Give the antonym.');
    assert.equal(pool.offer('Give the antonym of {word}.', 'induction', false), 'rejected');
  });

  it('counts unusable texts as rejected, but not blank ones', () => {
    const pool = poolFor('Give the antonym.');
    assert.equal(pool.offer('   ', 'paraphrase', false), 'unusable');
    assert.equal(pool.offer('x'.repeat(5000), 'paraphrase', false), 'unusable');
    assert.equal(pool.rejected, 1);
  });

  it('stops at the target size', () => {
    const pool = poolFor('Give the antonym.', 2);
    assert.equal(pool.offer('Name the opposite.', 'paraphrase', false), 'added');
    assert.ok(pool.full);
    assert.equal(pool.offer('Write the reverse.', 'paraphrase', false), 'full');
    assert.equal(pool.size, 2);
  });
});
