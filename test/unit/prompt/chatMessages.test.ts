import assert from 'node:assert/strict';
import type { Example } from '../../../src/core/data/datasetTypes';
import { buildMessages, exampleInputText } from '../../../src/core/prompt/chatMessages';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';

const one: Example = { index: 0, line: 1, inputs: { input: 'happy' }, output: 'sad' };
const two: Example = { index: 1, line: 2, inputs: { question: 'Who?', context: 'Ann ran.' }, output: 'Ann' };

describe('chat messages', () => {
  it('sends a prompt without variables as the system message and the input as the user message', () => {
    const messages = buildMessages(parsePromptTemplate('Write the antonym of the word.'), one);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Write the antonym of the word.' },
      { role: 'user', content: 'happy' },
    ]);
  });

  it('fills the variables and sends the filled prompt as the user message', () => {
    const messages = buildMessages(parsePromptTemplate('Context: {{context}}\nQuestion: {{question}}'), two);
    assert.deepEqual(messages, [{ role: 'user', content: 'Context: Ann ran.\nQuestion: Who?' }]);
  });

  it('fills a variable from a differently named field through a binding', () => {
    const messages = buildMessages(parsePromptTemplate('Antonym of {word}:'), one, { word: 'input' });
    assert.deepEqual(messages, [{ role: 'user', content: 'Antonym of happy:' }]);
    assert.throws(() => buildMessages(parsePromptTemplate('Antonym of {word}:'), one), /no value for "word"/);
  });

  it('labels each field when an instruction-only prompt meets several inputs', () => {
    assert.equal(exampleInputText(two), 'question: Who?\ncontext: Ann ran.');
    assert.equal(exampleInputText(one), 'happy');
  });
});
