import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunDirectoryError } from '../../../src/core/pipeline/runErrors';
import { acquireRunLock, liveRunLockOwner, RUN_LOCK_FILE } from '../../../src/core/pipeline/runLock';
import { claimNewRunDir } from '../../../src/core/pipeline/runDirectory';

/** A process that stays alive until killed, to hold a lock as another pid. */
function liveChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

function writeLock(dir: string, pid: number, host = hostname()): void {
  writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid, host, startedAt: '2026-01-01T00:00:00.000Z' }));
}

describe('run lock', () => {
  let root: string;
  let dir: string;
  let n = 0;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'zopo-lock-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    dir = join(root, `run-${++n}`);
    mkdirSync(dir);
  });

  it('is taken once: a second taker, in this process too, is refused naming the pid; released, it can be taken again', () => {
    const lock = acquireRunLock(dir);
    const owner = JSON.parse(readFileSync(lock.file, 'utf8')) as { pid: number; host: string; startedAt: string };
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    assert.ok(!Number.isNaN(Date.parse(owner.startedAt)));
    assert.throws(() => acquireRunLock(dir), (e: unknown) => e instanceof RunDirectoryError && new RegExp(`run run-${n} is in use by pid ${process.pid}`).test(e.message));
    lock.release();
    lock.release();
    assert.equal(existsSync(lock.file), false);
    acquireRunLock(dir).release();
  });

  it('held by a live process is respected; once that process is dead the stale lock is taken over', async function () {
    this.timeout(20_000);
    const child = await liveChild();
    try {
      writeLock(dir, child.pid ?? -1);
      assert.deepEqual(liveRunLockOwner(dir)?.pid, child.pid);
      assert.throws(() => acquireRunLock(dir), new RegExp(`in use by pid ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    assert.equal(liveRunLockOwner(dir), undefined);
    const lock = acquireRunLock(dir);
    assert.equal((JSON.parse(readFileSync(lock.file, 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
  });

  it('a lock from another host is respected and says how to clear it', () => {
    writeLock(dir, 1, 'some-other-host');
    assert.throws(() => acquireRunLock(dir), /in use by pid 1 on host some-other-host .*delete .*run\.lock/);
  });

  it('a torn lock is taken for one being written until it is old, then taken over', () => {
    const file = join(dir, RUN_LOCK_FILE);
    writeFileSync(file, '');
    assert.throws(() => acquireRunLock(dir), /being started by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    acquireRunLock(dir).release();
  });

  it('release leaves a lock that is no longer its own', () => {
    const lock = acquireRunLock(dir);
    writeLock(dir, 999_999_999, 'some-other-host');
    lock.release();
    assert.equal(existsSync(lock.file), true);
  });

  it('fresh run directories never collide: a taken name gets a suffix', () => {
    const base = join(root, 'same-second', '20260101-000000-p');
    const names = [claimNewRunDir(base), claimNewRunDir(base), claimNewRunDir(base)];
    assert.deepEqual(names, [base, `${base}-2`, `${base}-3`]);
  });
});
