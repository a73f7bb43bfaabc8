import assert from 'node:assert/strict';
import { ProgressView } from '../../../src/cli/progressView';

function view(isTTY: boolean): { v: ProgressView; out: () => string; tick: (ms: number) => void } {
  let text = '';
  let t = 1000;
  const v = new ProgressView({ write: (s: string) => (text += s), isTTY }, false, () => t);
  return { v, out: () => text, tick: (ms) => (t += ms) };
}

describe('CLI progress view', () => {
  it('prints a wait on its own line in a log', () => {
    const { v, out } = view(false);
    v.onEvent({ type: 'phase', phase: 'generating' });
    v.onEvent({ type: 'waiting', reason: 'rateLimit', seconds: 30, message: 'rate limited by http://h/v1: every request waits 30 s' });
    assert.equal(out(), 'generating\nwaiting: rate limited by http://h/v1: every request waits 30 s\n');
  });

  it('keeps a wait on the progress line of a terminal until it is over', () => {
    const { v, tick } = view(true);
    v.onEvent({ type: 'phase', phase: 'generating' });
    v.onEvent({ type: 'waiting', reason: 'retry', seconds: 2, message: 'the request timed out after 30 s; retrying in 2 s' });
    assert.match(v.status(), /^generating \| waiting: the request timed out after 30 s; retrying in 2 s$/);
    tick(2500);
    assert.equal(v.status(), 'generating');
  });

  it('does not double the word when the message already says it waits (a batch)', () => {
    const { v, out } = view(false);
    v.onEvent({ type: 'waiting', reason: 'batch', seconds: 2, message: 'waiting for batch b_1 (3 of 20 lines done, in_progress); next check in 2 s', batch: { id: 'b_1', status: 'in_progress', done: 3, failed: 0, total: 20 } });
    assert.equal(out(), 'waiting for batch b_1 (3 of 20 lines done, in_progress); next check in 2 s\n');
  });
});
