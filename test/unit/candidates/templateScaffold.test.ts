import assert from 'node:assert/strict';
import { attachScaffold, splitTemplate } from '../../../src/core/candidates/templateScaffold';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';

function parts(text: string): ReturnType<typeof splitTemplate> {
  const p = splitTemplate(parsePromptTemplate(text));
  assert.equal(p.instruction + p.separator + p.scaffold, p.scaffold === '' ? p.instruction : text, 'the parts rebuild the original');
  return p;
}

describe('template scaffold', () => {
  it('splits the trailing label block, cue line included', () => {
    const p = parts('Give the antonym of the word.\n\nWord: {input}\nAntonym:');
    assert.deepEqual([p.instruction, p.separator, p.scaffold], ['Give the antonym of the word.', '\n\n', 'Word: {input}\nAntonym:']);
  });

  it('takes a label on its own line and quoted placeholders, in Mustache too', () => {
    const p = parts('Classify the review.\nReview:\n"{{review}}"\nLabel:');
    assert.equal(p.instruction, 'Classify the review.');
    assert.equal(p.scaffold, 'Review:\n"{{review}}"\nLabel:');
  });

  it('has no scaffold when the variable sits inside a sentence', () => {
    const p = parts('What is the opposite of ${word}? Answer with one word.');
    assert.equal(p.scaffold, '');
    assert.equal(p.fallbackScaffold, 'Word: ${word}');
  });

  it('has no scaffold without variables', () => {
    const p = parts('Give the antonym.');
    assert.deepEqual([p.instruction, p.scaffold, p.fallbackScaffold], ['Give the antonym.', '', '']);
  });

  it('reads a prompt that is all scaffold as an empty instruction', () => {
    const p = parts('Antonym of {word}:');
    assert.deepEqual([p.instruction, p.scaffold], ['', 'Antonym of {word}:']);
  });

  it('labels fallback lines from variable names', () => {
    const p = parts('Answer {user_question} using {docContext} and stop.');
    assert.equal(p.fallbackScaffold, 'User question: {user_question}\nDoc context: {docContext}');
  });

  it('attaches the original scaffold, or labelled lines, to an instruction', () => {
    const templated = parsePromptTemplate('Give the antonym of the word.\n\nWord: {input}\nAntonym:');
    assert.equal(attachScaffold('Write the opposite.', splitTemplate(templated), 'python'), 'Write the opposite.\n\nWord: {input}\nAntonym:');
    const inline = parsePromptTemplate('Opposite of {input}? One word.');
    assert.equal(attachScaffold('Write the opposite.', splitTemplate(inline), 'python'), 'Write the opposite.\n\nInput: {input}');
    const whole = parsePromptTemplate('Antonym of {word}:');
    assert.equal(attachScaffold('Write the opposite.', splitTemplate(whole), 'python'), 'Write the opposite.\n\nAntonym of {word}:');
  });

  it('leaves alone a text that already writes a variable, and plain prompts', () => {
    const templated = parsePromptTemplate('Give the antonym.\nWord: {input}');
    assert.equal(attachScaffold('Antonym of {input}:', splitTemplate(templated), 'python'), 'Antonym of {input}:');
    assert.equal(attachScaffold('Write it.', splitTemplate(parsePromptTemplate('Plain.')), undefined), 'Write it.');
  });
});
