/**
 * `<runDir>/batches.json`: every batch the run created, with the custom_ids it holds and
 * whether its results were read back. Written atomically right after each change, so that a
 * resumed run (after a crash, a kill or a closed editor) waits for the batches still in
 * flight instead of submitting their lines again.
 */
import { join } from 'node:path';
import { readTextIfExists, writeJsonAtomic } from '../pipeline/atomicFiles';

/** One batch of the run. */
export interface LedgerBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly customIds: readonly string[];
  readonly createdAt: string;
  /** Its output was read back (answers are in the LLM cache). */
  ended: boolean;
  /** The status it ended with. */
  status?: string;
}

interface LedgerFile {
  readonly version: 1;
  readonly batches: LedgerBatch[];
}

/** The ledger file's name in a run directory. */
export const LEDGER_FILE = 'batches.json';

/** The run's batches, kept on disk. A missing directory keeps them in memory only. */
export class BatchLedger {
  private readonly batches: LedgerBatch[];

  constructor(private readonly file: string | undefined) {
    this.batches = file === undefined ? [] : readLedger(file);
  }

  /** The ledger of a run directory. */
  static inRunDir(runDir: string): BatchLedger {
    return new BatchLedger(join(runDir, LEDGER_FILE));
  }

  /** Batches whose results were not read back yet. */
  inFlight(): readonly LedgerBatch[] {
    return this.batches.filter((b) => !b.ended);
  }

  all(): readonly LedgerBatch[] {
    return this.batches;
  }

  add(batch: Omit<LedgerBatch, 'ended'>): void {
    this.batches.push({ ...batch, ended: false });
    this.save();
  }

  /** Gives an entry recorded before its batch was created (`uploaded:<file id>`) the batch's id. */
  rename(from: string, to: string): void {
    const index = this.batches.findIndex((b) => b.id === from);
    const batch = this.batches[index];
    if (batch === undefined) return;
    this.batches[index] = { ...batch, id: to };
    this.save();
  }

  end(id: string, status: string): void {
    const batch = this.batches.find((b) => b.id === id);
    if (batch === undefined || batch.ended) return;
    batch.ended = true;
    batch.status = status;
    this.save();
  }

  private save(): void {
    if (this.file !== undefined) writeJsonAtomic(this.file, { version: 1, batches: this.batches } satisfies LedgerFile);
  }
}

function readLedger(file: string): LedgerBatch[] {
  const text = readTextIfExists(file);
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as Partial<LedgerFile>;
    if (!Array.isArray(parsed.batches)) return [];
    return parsed.batches.filter((b): b is LedgerBatch => typeof b?.id === 'string' && Array.isArray(b.customIds));
  } catch {
    // A ledger that does not parse cannot point at batches: they are paid for, but their lines are asked again.
    return [];
  }
}
