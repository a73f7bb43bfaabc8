import assert from 'node:assert/strict';
import { inductionMessages, REWRITE_KINDS, rewriteMessages } from '../../../src/core/candidates/metaPromptBuilder';
import type { Example } from '../../../src/core/data/datasetTypes';
import { requestedMode } from '../../../src/core/sandbox/instructionWriter';
import { extractOriginal, parseMetaRequest, requestedCount } from '../../../src/core/sandbox/metaPrompt';

const demo = (index: number, inputs: Record<string, string>, output: string): Example => ({ index, line: index + 1, inputs, output });
const contentOf = (messages: readonly { content: string }[]): string => messages.map((m) => m.content).join('\n');

describe('meta-prompts', () => {
  it('induction follows APE and ends with "The instruction was to"', () => {
    const text = contentOf(inductionMessages([demo(0, { input: 'hot' }, 'cold'), demo(1, { input: 'up' }, 'down')]));
    assert.match(text, /^I gave a friend an instruction and two inputs\./);
    assert.match(text, /Input: hot\nOutput: cold\n\nInput: up\nOutput: down/);
    assert.match(text, /The instruction was to$/);
    assert.deepEqual(parseMetaRequest(text), { kind: 'propose' });
  });

  it('shows a several-field input as field lines', () => {
    const text = contentOf(inductionMessages([demo(0, { question: 'Why?', context: 'Because.' }, 'yes')]));
    assert.match(text, /Input: question: Why\?\ncontext: Because\.\nOutput: yes/);
    assert.match(text, /an instruction and one input\./);
  });

  for (const kind of REWRITE_KINDS) {
    it(`a ${kind} request reads as exactly that rewrite, of the given instruction, for the given count`, () => {
      const instruction = 'Give the antonym of the word {input}.';
      const text = contentOf(rewriteMessages(instruction, kind, 4, ['{input}']));
      assert.deepEqual(parseMetaRequest(text), { kind: 'rewrite', original: instruction });
      assert.equal(requestedMode(text), kind);
      assert.equal(requestedCount(text), 4);
      assert.equal(extractOriginal(text), instruction);
      assert.match(text, /Keep the placeholder \{input\} exactly as written/);
    });
  }

  it('says nothing of placeholders for a plain instruction', () => {
    const text = contentOf(rewriteMessages('Give the antonym.', 'shorter', 3, []));
    assert.doesNotMatch(text, /placeholder/);
    assert.equal(requestedCount(text), 3);
  });
});
