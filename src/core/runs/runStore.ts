import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseRunRecord, type RunRecord } from './runRecord';

/** A run directory that could not be read, with the reason, so the history can say so. */
export interface UnreadableRun {
  readonly dir: string;
  readonly reason: string;
}

export interface RunListing {
  readonly runs: readonly RunRecord[];
  readonly unreadable: readonly UnreadableRun[];
}

/** Lists the runs under `root` (one directory each, holding run.json), newest first. */
export async function listRuns(root: string): Promise<RunListing> {
  let entries: string[];
  try {
    entries = await fs.readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], unreadable: [] };
    throw e;
  }
  const runs: RunRecord[] = [];
  const unreadable: UnreadableRun[] = [];
  for (const name of entries) {
    const dir = path.join(root, name);
    const file = path.join(dir, 'run.json');
    let body: string;
    try {
      body = await fs.readFile(file, 'utf8');
    } catch {
      continue; // not a run directory
    }
    const parsed = parseRunRecord(body);
    if (typeof parsed === 'string') unreadable.push({ dir, reason: `${file}: ${parsed}` });
    else runs.push(parsed);
  }
  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { runs, unreadable };
}
