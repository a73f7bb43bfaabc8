/**
 * One process per run directory: `run.lock` holds the owner's pid, host and start time and
 * is created with O_EXCL, so of two processes racing for a directory exactly one wins. A
 * lock whose pid is dead on this host is stale (a crash, a kill -9) and is taken over; a
 * lock from another host cannot be checked and is respected.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { RunDirectoryError } from './runErrors';

/** The lock file's name in a run directory. */
export const RUN_LOCK_FILE = 'run.lock';

/** A lock file that names nobody is taken for one being written until it is this old. */
const TORN_LOCK_AGE_MS = 5000;

/** What a lock file says about its owner. */
export interface RunLockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** A held lock; {@link release} is safe to call more than once. */
export interface RunLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the lock of `runDir` (which must exist), taking over a stale one.
 * @throws RunDirectoryError when a live process holds it.
 */
export function acquireRunLock(runDir: string): RunLock {
  const file = join(runDir, RUN_LOCK_FILE);
  const me: RunLockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  // Two tries: the second after removing a stale lock; losing that race to another
  // process taking over the same stale lock ends in the refusal below.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusive(file, JSON.stringify(me) + '\n')) return heldLock(file, me);
    const raw = readLockText(file);
    if (raw === undefined) continue;
    const owner = parseOwner(raw);
    if (owner !== undefined && isAlive(owner)) throw inUse(runDir, owner, file);
    // An unreadable lock may be one being written this instant: stale only once it is old.
    if (owner === undefined && ageMs(file) < TORN_LOCK_AGE_MS) throw new RunDirectoryError(`run ${basename(runDir)} is being started by another process (${file})`);
    // Remove it only if it is still the stale lock just read, not a fresh one.
    if (readLockText(file) === raw) rmSync(file, { force: true });
  }
  const owner = parseOwner(readLockText(file) ?? '');
  throw owner === undefined ? new RunDirectoryError(`run ${basename(runDir)} is locked by another process (${file})`) : inUse(runDir, owner, file);
}

/** The owner named by the lock of `runDir` when that process is alive; undefined when free or stale. */
export function liveRunLockOwner(runDir: string): RunLockOwner | undefined {
  const owner = parseOwner(readLockText(join(runDir, RUN_LOCK_FILE)) ?? '');
  return owner !== undefined && isAlive(owner) ? owner : undefined;
}

function heldLock(file: string, me: RunLockOwner): RunLock {
  let held = true;
  return {
    file,
    release(): void {
      if (!held) return;
      held = false;
      // Never remove a lock that is no longer ours (someone judged ours stale and took over).
      const owner = parseOwner(readLockText(file) ?? '');
      if (owner?.pid === me.pid && owner.startedAt === me.startedAt) rmSync(file, { force: true });
    },
  };
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readLockText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(raw: string): RunLockOwner | undefined {
  try {
    const v = JSON.parse(raw) as Partial<RunLockOwner>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.startedAt !== 'string') return undefined;
    return { pid: v.pid, host: v.host, startedAt: v.startedAt };
  } catch {
    // A lock torn by a crash between create and write names nobody: stale.
    return undefined;
  }
}

/** Alive when on another host (cannot tell) or when signal 0 reaches the pid here. */
function isAlive(owner: RunLockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(runDir: string, owner: RunLockOwner, file: string): RunDirectoryError {
  const where = owner.host === hostname() ? '' : ` on host ${owner.host}`;
  const gone = owner.host === hostname() ? '' : `; if that process is gone, delete ${file}`;
  return new RunDirectoryError(`run ${basename(runDir)} is in use by pid ${owner.pid}${where} since ${owner.startedAt}${gone}`);
}
