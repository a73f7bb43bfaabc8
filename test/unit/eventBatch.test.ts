import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventBatch } from '../../src/shared/eventBatch';

describe('EventBatch (events to the panel)', () => {
  it('sends the events queued within one interval together, once', async () => {
    const sent: number[][] = [];
    const batch = new EventBatch<number>((events) => sent.push(events), 30);
    batch.push(1);
    batch.push(2);
    assert.deepEqual(sent, [], 'nothing goes out before the interval');
    await sleep(60);
    batch.push(3);
    await sleep(60);
    assert.deepEqual(sent, [[1, 2], [3]]);
  });

  it('flush sends the queue at once and the interval then sends nothing more', async () => {
    const sent: number[][] = [];
    const batch = new EventBatch<number>((events) => sent.push(events), 30);
    batch.push(1);
    batch.flush();
    assert.deepEqual(sent, [[1]]);
    batch.flush();
    await sleep(60);
    assert.deepEqual(sent, [[1]], 'an empty queue sends nothing, and the timer was cancelled');
  });

  it('clear drops the queue unsent', async () => {
    const sent: number[][] = [];
    const batch = new EventBatch<number>((events) => sent.push(events), 30);
    batch.push(1);
    batch.clear();
    await sleep(60);
    batch.flush();
    assert.deepEqual(sent, []);
  });
});
