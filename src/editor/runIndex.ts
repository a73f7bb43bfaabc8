import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listRuns } from '../core/runs/runStore';
import type { RunRecord } from '../core/runs/runRecord';
import type { PromptTarget } from './promptTarget';
import { targetFile } from './runSetup';

/** A finished run of the history together with where its prompt lives in the workspace. */
export interface IndexedRun {
  readonly dir: string;
  readonly record: RunRecord;
  readonly target: PromptTarget | undefined;
}

/**
 * The run history as the editor's features need it (tree, Quick Fix, CodeLens): run records
 * with their prompt targets, read from the runs folder and re-read when runs change.
 */
export class RunIndex implements vscode.Disposable {
  private runs: IndexedRun[] = [];
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly root: () => vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Re-reads the runs folder and tells listeners. */
  async refresh(): Promise<void> {
    this.loading = this.load();
    await this.loading;
    this.changed.fire();
  }

  async all(): Promise<readonly IndexedRun[]> {
    await (this.loading ??= this.load());
    return this.runs;
  }

  /** The newest finished run per prompt of `uri`, for suggestions in that file. */
  async latestDoneFor(uri: vscode.Uri): Promise<IndexedRun[]> {
    const seen = new Set<string>();
    const result: IndexedRun[] = [];
    for (const run of await this.all()) {
      if (run.record.status !== 'done' || run.target?.uri !== uri.toString()) continue;
      const key = run.target.kind === 'literal' ? `${run.target.anchor.bindingName ?? ''}\u0000${run.target.anchor.value}` : run.target.kind;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(run);
    }
    return result;
  }

  private async load(): Promise<void> {
    const listing = await listRuns(this.root().fsPath);
    for (const bad of listing.unreadable) this.log.warn(`Skipping unreadable run ${bad.reason}`);
    this.runs = await Promise.all(
      listing.runs.map(async (record) => {
        const dir = path.join(this.root().fsPath, record.id);
        return { dir, record, target: await readTarget(dir) };
      }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function readTarget(dir: string): Promise<PromptTarget | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, targetFile), 'utf8')) as PromptTarget;
  } catch {
    return undefined; // a run started from the CLI has no editor target
  }
}
