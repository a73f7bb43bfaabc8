import assert from 'node:assert/strict';
import { ChatResponder, UNKNOWN_REPLY } from '../../../src/core/sandbox/chatResponder';
import { matchItem } from '../../../src/core/sandbox/itemMatcher';
import { sentimentDataset } from './sentimentFixture';

describe('sandbox item matching and replies', () => {
  const dataset = sentimentDataset(20);
  const [a, b] = dataset.items;

  it('picks the input asked last, not a few-shot demonstration before it', () => {
    assert.ok(a && b);
    const prompt = `Input: ${a.input}\nOutput: ${a.output}\n\nInput: ${b.input}\nOutput:`;
    const match = matchItem([dataset], prompt, 'Classify.');
    assert.equal(match?.item, b);
    assert.ok(match && !match.instruction.includes(b.input) && match.instruction.startsWith('Classify.'));
    assert.equal(matchItem([dataset], 'nothing known here', ''), undefined);
  });

  it('numbers several proposals when asked for several, and varies choices', () => {
    const responder = new ChatResponder([dataset], 1);
    const text = 'Write 4 new instructions for this prompt: "Classify the sentiment of the review."';
    const reply = responder.respond({ messages: [{ role: 'user', content: text }], temperature: 1, seed: 0, choice: 0 });
    assert.deepEqual(reply.split('\n').map((line) => line.slice(0, 3)), ['1. ', '2. ', '3. ', '4. ']);
    const other = responder.respond({ messages: [{ role: 'user', content: text }], temperature: 1, seed: 0, choice: 1 });
    assert.notEqual(other, reply);
  });

  it('says it is simulated when it has nothing to say', () => {
    const responder = new ChatResponder([dataset], 1);
    assert.equal(responder.respond({ messages: [{ role: 'user', content: 'Hello?' }], temperature: 0, seed: 0, choice: 0 }), UNKNOWN_REPLY);
  });
});
