import assert from 'node:assert/strict';
import { buildJudgeMessages, createJudgeScorer, JudgeCallError, judgeReasoning, parseJudgeScore, REFERENCE_RUBRIC, SCORE_REMINDER, type JudgeFn } from '../../../src/core/eval/llmJudge';
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

  it('keeps the reasoning without the score line', () => {
    assert.equal(judgeReasoning('It names the refund window.\nScore: 8'), 'It names the refund window.');
    assert.equal(judgeReasoning('Score: 8'), 'Score: 8');
  });

  it('scores through the injected judge, passing the example input and the signal, and shows the reasoning', async () => {
    const seen: { messages: readonly ChatMessage[]; signal: AbortSignal | undefined }[] = [];
    const judge: JudgeFn = (messages, signal) => {
      seen.push({ messages, signal });
      return Promise.resolve('Names the refund.\nScore: 9');
    };
    const scorer = createJudgeScorer({ rubric: 'Be accurate.' }, judge);
    const signal = new AbortController().signal;
    const example = { index: 0, line: 1, inputs: { input: 'q?' }, output: 'ref' };
    const good = await scorer('a good answer', 'ref', { example, signal });
    assert.deepEqual(good, { score: 0.9, detail: 'judge: Names the refund. (9/10)' });
    assert.equal(seen[0]?.signal, signal);
    assert.match(seen[0]?.messages[1]?.content ?? '', /## Input\nq\?/);
    assert.match(seen[0]?.messages[0]?.content ?? '', /Be accurate\./);
  });

  it('grades against the reference answer when there is no rubric', async () => {
    const seen: string[] = [];
    const scorer = createJudgeScorer({}, (messages) => {
      seen.push(messages[0]?.content ?? '');
      return Promise.resolve('Score: 5');
    });
    assert.equal((await scorer('x', 'y')).score, 0.5);
    assert.ok(seen[0]?.includes(REFERENCE_RUBRIC));
  });

  it('asks once more after a reply without a score, with the reply and a reminder in the chat', async () => {
    const calls: (readonly ChatMessage[])[] = [];
    const replies = ['Looks fine.', 'Sorry.\nScore: 6'];
    const scorer = createJudgeScorer({ rubric: 'r' }, (messages) => {
      calls.push(messages);
      return Promise.resolve(replies[calls.length - 1] ?? '');
    });
    const result = await scorer('out', 'ref');
    assert.equal(result.score, 0.6);
    assert.equal(result.failed, undefined);
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[1]?.slice(2), [{ role: 'assistant', content: 'Looks fine.' }, { role: 'user', content: SCORE_REMINDER }]);
  });

  it('is a failed grading, not a 0 score, after two replies without a score or a failed call', async () => {
    let calls = 0;
    const never = createJudgeScorer({ rubric: 'r' }, () => {
      calls++;
      return Promise.resolve('Hmm.');
    });
    const none = await never('bad', 'ref');
    assert.equal(none.failed, true);
    assert.equal(calls, 2, 'retried once');
    assert.match(none.detail ?? '', /grading failed: the judge gave no score twice \("Hmm\."\)/);
    const broken = createJudgeScorer({ rubric: 'r' }, () => Promise.reject(new JudgeCallError('404 no such model')));
    assert.deepEqual(await broken('x', 'y'), { score: 0, failed: true, detail: 'grading failed: 404 no such model' });
    const buggy = createJudgeScorer({ rubric: 'r' }, () => Promise.reject(new TypeError('bug')));
    await assert.rejects(buggy('x', 'y'), TypeError, 'a bug is not a grading');
  });
});
