/**
 * The editor's check for a run another process drives reads the core's run.lock: a run a
 * `zopo optimize --resume` in a terminal holds is driven elsewhere (the editor leaves it alone
 * after a reload), one this process holds or whose owner died is not.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, RUN_LOCK_FILE } from '../../../src/core/pipeline/runLock';
import { runDrivenElsewhere, runLockHeldFor } from '../../../src/editor/runLock';

describe('a run driven by another process (editor)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zopo-driven-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockOf = (pid: number): void => writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString() }));

  it('is driven elsewhere while another live process holds run.lock, and free once it has exited', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)']);
    await new Promise((r) => other.once('spawn', r));
    lockOf(other.pid as number);
    assert.equal(runDrivenElsewhere(dir), true);
    // Waits (bounded) for the owner to go, as after a window reload.
    const started = Date.now();
    assert.equal(await runLockHeldFor(dir, 10_000), false);
    assert.ok(Date.now() - started >= 500, 'it waited for the owner to exit');
    assert.equal(runDrivenElsewhere(dir), false, 'a dead owner leaves a stale lock, not a driven run');
  });

  it('is not driven elsewhere without a lock, or when this process holds it', async () => {
    assert.equal(runDrivenElsewhere(dir), false);
    const lock = acquireRunLock(dir);
    try {
      assert.equal(runDrivenElsewhere(dir), false);
    } finally {
      lock.release();
    }
    assert.equal(await runLockHeldFor(dir, 1000), false);
  });

  it('leaves a run alone whose lock cannot be read (it cannot be judged stale)', () => {
    mkdirSync(join(dir, RUN_LOCK_FILE));
    assert.equal(runDrivenElsewhere(dir), true);
  });

  it('gives up waiting after its time limit when the owner stays', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    await new Promise((r) => other.once('spawn', r));
    try {
      lockOf(other.pid as number);
      const started = Date.now();
      assert.equal(await runLockHeldFor(dir, 1200), true);
      assert.ok(Date.now() - started < 5000);
    } finally {
      other.kill();
    }
  });
});
