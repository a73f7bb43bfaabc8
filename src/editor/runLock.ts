import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Which extension host drives a run: a lock file with its process id, so that after a window
 * reload an orphaned run is resumed once, and a run another window drives is left alone.
 */
const lockName = 'editor.lock';

export async function takeRunLock(runDir: string): Promise<void> {
  await fs.writeFile(path.join(runDir, lockName), JSON.stringify({ pid: process.pid }));
}

export async function releaseRunLock(runDir: string): Promise<void> {
  await fs.rm(path.join(runDir, lockName), { force: true });
}

/** True when the lock names a live process other than this one. */
export async function runLockHeld(runDir: string): Promise<boolean> {
  let pid: unknown;
  try {
    pid = (JSON.parse(await fs.readFile(path.join(runDir, lockName), 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return false;
  }
  if (typeof pid !== 'number' || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls {@link runLockHeld} until the lock is free or `timeoutMs` has passed; true if still held. */
export async function runLockHeldFor(runDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await runLockHeld(runDir)) {
    if (Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
