import assert from 'node:assert/strict';
import { RateScheduler } from '../../../src/core/llm/rateScheduler';
import { sleep } from '../../../src/core/llm/retryPolicy';

describe('rate scheduler', () => {
  it('never runs more than `concurrency` tasks at once', async () => {
    const scheduler = new RateScheduler({ concurrency: 3 });
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active++;
      peak = Math.max(peak, active);
      await sleep(5);
      active--;
    };
    await Promise.all(Array.from({ length: 12 }, () => scheduler.run(task, 1)));
    assert.equal(peak, 3);
    assert.equal(scheduler.active, 0);
  });

  it('holds starts to the requests-per-window limit', async () => {
    const scheduler = new RateScheduler({ concurrency: 10, requestsPerMinute: 2, windowMs: 60 });
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => scheduler.run(() => Promise.resolve(starts.push(Date.now() - t0)), 1)));
    assert.ok((starts[1] ?? 99) < 30, `${starts.join(',')}`);
    assert.ok((starts[2] ?? 0) >= 55 && (starts[4] ?? 0) >= 115, `${starts.join(',')}`);
  });

  it('holds starts to the tokens-per-window limit, but lets an oversized task run alone', async () => {
    const scheduler = new RateScheduler({ concurrency: 10, tokensPerMinute: 100, windowMs: 60 });
    const starts: number[] = [];
    const t0 = Date.now();
    const weights = [60, 60, 500];
    await Promise.all(weights.map((w) => scheduler.run(() => Promise.resolve(starts.push(Date.now() - t0)), w)));
    assert.ok((starts[0] ?? 99) < 30);
    assert.ok((starts[1] ?? 0) >= 55, `${starts.join(',')}`);
    assert.ok((starts[2] ?? 0) >= 110, `${starts.join(',')}`);
  });

  it('drops a queued task when its signal aborts', async () => {
    const scheduler = new RateScheduler({ concurrency: 1 });
    const blocker = scheduler.run(() => sleep(30), 1);
    const controller = new AbortController();
    let ran = false;
    const queued = scheduler.run(() => Promise.resolve((ran = true)), 1, controller.signal);
    assert.equal(scheduler.pending, 1);
    controller.abort();
    await assert.rejects(queued, { name: 'AbortError' });
    assert.equal(scheduler.pending, 0);
    await blocker;
    assert.equal(ran, false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const scheduler = new RateScheduler({ concurrency: 1 });
    await assert.rejects(scheduler.run(() => Promise.resolve(1), 1, AbortSignal.abort()), { name: 'AbortError' });
  });

  it('pauses every start for a while, letting running tasks finish, and extends only forward', async () => {
    const scheduler = new RateScheduler({ concurrency: 4 });
    const t0 = Date.now();
    let runningDone = 0;
    const running = scheduler.run(async () => {
      await sleep(30);
      runningDone = Date.now() - t0;
    }, 1);
    assert.equal(scheduler.pauseFor(150), true);
    assert.equal(scheduler.pauseFor(50), false, 'a shorter pause does not cut the current one');
    const started = await scheduler.run(() => Promise.resolve(Date.now() - t0), 1);
    await running;
    assert.ok(runningDone < 120, `the task already running went on (${runningDone} ms)`);
    assert.ok(started >= 145, `the queued task waited out the pause (${started} ms)`);
  });

  it('frees the slot of a task that throws instead of rejecting', async () => {
    const scheduler = new RateScheduler({ concurrency: 1 });
    await assert.rejects(scheduler.run(() => { throw new Error('sync'); }, 1), /sync/);
    assert.equal(await scheduler.run(() => Promise.resolve(7), 1), 7);
  });
});
