import { hostname } from 'node:os';
import { liveRunLockOwner } from '../core/pipeline/runLock';

/**
 * Whether another live process drives a run: the core's `run.lock` (held by whoever runs it,
 * an extension host or a `zopo` process), so that after a window reload an orphaned run is
 * resumed once, and a run another window or a terminal drives is left alone.
 */
export function runDrivenElsewhere(runDir: string): boolean {
  let owner;
  try {
    owner = liveRunLockOwner(runDir);
  } catch {
    // A lock that cannot be read (permissions) cannot be judged stale: leave the run alone.
    return true;
  }
  return owner !== undefined && !(owner.pid === process.pid && owner.host === hostname());
}

/** Polls {@link runDrivenElsewhere} until the run is free or `timeoutMs` has passed; true if still driven. */
export async function runLockHeldFor(runDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (runDrivenElsewhere(runDir)) {
    if (Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
