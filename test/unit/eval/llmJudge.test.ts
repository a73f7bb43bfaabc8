import assert from 'node:assert/strict';
import { buildJudgeMessages, createJudgeScorer, parseJudgeScore, type JudgeFn } from '../../../src/core/eval/llmJudge';
import type { ChatMessage } from '../../../src/core/prompt/chatMessages';

describe('LLM judge plumbing', () => {
  it('builds a system rubric and a user message with input, reference and answer', () => {
    const messages = buildJudgeMessages({ rubric: 'Is it polite?', input: 'hi', expected: 'Hello!', output: 'yo', maxScore: 5 });
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.role, 'system');
    assert.match(messages[0]?.content ?? '', /Is it polite\?[\s\S]*integer from 0 \(worst\) to 5 \(best\)/);
    assert.equal(messages[1]?.content, '## Input\nhi\n\n## Reference answer\nHello!\n\n## Answer to grade\nyo');
  });

  it('parses the last score and scales it to [0, 1]', () => {
    assert.equal(parseJudgeScore('Reasoning.\nScore: 7'), 0.7);
    assert.equal(parseJudgeScore('Score: 2 at first... final Score: **8**'), 0.8);
    assert.equal(parseJudgeScore('I give it 3/5'), 0.6);
    assert.equal(parseJudgeScore('Score: 4 out of 5'), 0.8);
    assert.equal(parseJudgeScore('Score: 3', 4), 0.75);
    assert.equal(parseJudgeScore('Score: 11'), undefined, 'out of range');
    assert.equal(parseJudgeScore('Looks fine to me'), undefined);
  });

  it('scores through the injected judge, passing the example input and the signal', async () => {
    const seen: { messages: readonly ChatMessage[]; signal: AbortSignal | undefined }[] = [];
    const judge: JudgeFn = (messages, signal) => {
      seen.push({ messages, signal });
      return Promise.resolve(messages[1]?.content.includes('good') ? 'Fine. Score: 9' : 'Hmm.');
    };
    const scorer = createJudgeScorer('Be accurate.', judge);
    const signal = new AbortController().signal;
    const example = { index: 0, line: 1, inputs: { input: 'q?' }, output: 'ref' };
    const good = await scorer('a good answer', 'ref', { example, signal });
    assert.equal(good.score, 0.9);
    assert.equal(seen[0]?.signal, signal);
    assert.match(seen[0]?.messages[1]?.content ?? '', /## Input\nq\?/);
    const none = await scorer('bad', 'ref');
    assert.deepEqual(none, { score: 0, detail: 'the judge gave no score: "Hmm."' });
  });
});
