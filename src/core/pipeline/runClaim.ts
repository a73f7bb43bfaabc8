/**
 * Taking a run directory for one run: a new run never lands in a directory that holds
 * another (it is refused, or given a fresh name), a resume only continues the run its
 * inputs still match, and a lock keeps every other process out until the run ends. The
 * usage journal opened here counts what this session spends as it spends it.
 */
import { join } from 'node:path';
import type { ModelUsage } from '../llm/usageMeter';
import type { PricedUsage } from './modelUsage';
import type { RunConfig } from './runConfig';
import { claimNewRunDir, RunDirectory } from './runDirectory';
import { RunDirectoryError } from './runErrors';
import type { UsageSnapshot } from './runEvents';
import { acquireRunLock, type RunLock } from './runLock';
import { checkResumeInputs, stampRun, writeRunStamp } from './runStamp';
import type { RunOptions } from './runTypes';
import { readUsageJournal, USAGE_JOURNAL_FILE, UsageJournal } from './usageJournal';
import type { TokenPricer } from './usageTracker';
import { ZERO_USAGE } from './usageTracker';

/** A directory this process now owns for the run; {@link release} on every exit path. */
export interface ClaimedRun {
  readonly dir: RunDirectory;
  readonly journal: UsageJournal;
  release(): void;
}

/**
 * Refusals that need nothing loaded and write nothing: a new run in a directory holding a
 * run, a resume whose prompt file, data or endpoint changed.
 * @throws RunDirectoryError
 */
export function checkRunDirectory(config: RunConfig, options: RunOptions, resuming: boolean): void {
  const dir = new RunDirectory(options.runDir);
  if (resuming) checkResumeInputs(dir.dir, config, options.endpoint);
  else if (options.uniqueRunDir !== true) refuseTaken(dir);
}

/**
 * Creates (or, with `uniqueRunDir`, claims a fresh) directory and locks it; a new run
 * then records its config and input stamp.
 * @throws RunDirectoryError when another process holds the lock or another run took the directory.
 */
export function claimRunDirectory(config: RunConfig, options: RunOptions, resuming: boolean): ClaimedRun {
  const dir = new RunDirectory(!resuming && options.uniqueRunDir === true ? claimNewRunDir(options.runDir) : options.runDir);
  dir.create();
  const lock = acquireRunLock(dir.dir);
  try {
    if (!resuming) {
      // Checked again under the lock: another run may have started here since the first check.
      refuseTaken(dir);
      dir.writeConfig(config);
      writeRunStamp(dir.dir, stampRun(config, options.promptFile));
    }
    const journal = openJournal(dir, resuming);
    return { dir, journal, release: () => releaseBoth(journal, lock) };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * What earlier sessions of the run spent: the journal's totals, each model's part at its
 * own price (`priceModels`; a journal without models is priced from the tokens), or, for a
 * run recorded before the journal existed, run.json's last summary.
 */
export function earlierUsage(dir: RunDirectory, price: TokenPricer, priceModels?: ModelPricer): UsageSnapshot {
  const journal = readUsageJournal(dir.path(USAGE_JOURNAL_FILE));
  if (journal === undefined) return dir.readRecord()?.usage ?? ZERO_USAGE;
  const { models, ...totals } = journal;
  if (models === undefined || priceModels === undefined) return { ...totals, costUsd: price(totals.promptTokens, totals.completionTokens) };
  const priced = priceModels(totals, models);
  return { ...totals, costUsd: priced.costUsd, models: priced.models };
}

/** Prices usage per model (modelUsage.ts's priceByModel with the run's prices and chat model). */
export type ModelPricer = (totals: { readonly promptTokens: number; readonly completionTokens: number }, models: readonly ModelUsage[]) => PricedUsage;

function openJournal(dir: RunDirectory, resuming: boolean): UsageJournal {
  const file = join(dir.dir, USAGE_JOURNAL_FILE);
  const hadJournal = readUsageJournal(file) !== undefined;
  const journal = new UsageJournal(file);
  const recorded = resuming && !hadJournal ? dir.readRecord()?.usage : undefined;
  if (recorded !== undefined) journal.carry(recorded);
  return journal;
}

function refuseTaken(dir: RunDirectory): void {
  if (dir.holdsRun()) throw new RunDirectoryError(`${dir.dir} holds run ${dir.id}; use --resume ${dir.dir} to continue it, or choose another directory`);
}

function releaseBoth(journal: UsageJournal, lock: RunLock): void {
  journal.close();
  lock.release();
}
