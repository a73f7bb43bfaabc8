import * as vscode from 'vscode';
import { recommendedPrompt, signed, verdictLine } from '../core/eval/verdictText';
import type { PortfolioEntry, RunRecord } from '../core/runs/runRecord';
import type { IndexedRun, RunIndex } from './runIndex';

export type RunsTreeNode = { kind: 'run'; run: IndexedRun } | { kind: 'prompt'; run: IndexedRun; entry: PortfolioEntry; rank: number };

/** Maps the run index to the "Runs" tree; the index is the store, this holds no state. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly index: RunIndex,
    private readonly isActive: (runDir: string) => boolean,
  ) {
    this.subscription = index.onDidChange(() => this.changed.fire());
  }

  /** Re-reads the runs folder; the tree follows through the index's change event. */
  refresh(): void {
    void this.index.refresh();
  }

  async getChildren(node?: RunsTreeNode): Promise<RunsTreeNode[]> {
    if (node?.kind === 'prompt') return [];
    if (node?.kind === 'run') return node.run.record.portfolio.map((entry, i) => ({ kind: 'prompt', run: node.run, entry, rank: i + 1 }));
    return (await this.index.all()).map((run) => ({ kind: 'run', run }));
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    return node.kind === 'run' ? this.runItem(node.run) : promptItem(node.run, node.entry, node.rank);
  }

  private runItem(run: IndexedRun): vscode.TreeItem {
    const r = run.record;
    // A record still saying "running" that no one drives was cut off (crash, reload).
    const status = r.status === 'running' && !this.isActive(run.dir) ? 'interrupted' : r.status;
    const collapsible = r.portfolio.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(r.promptSource, collapsible);
    item.description = [status, runVerdict(r), r.simulated ? 'simulated' : ''].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      `**${r.promptSource}**\n\nDataset: ${r.datasetSource}\n\nStarted: ${new Date(r.createdAt).toLocaleString()}\n\nStatus: ${status}`,
    );
    item.contextValue = `run.${status}${run.target ? '.placed' : ''}`;
    item.iconPath = new vscode.ThemeIcon(statusIcon(status));
    item.id = run.dir;
    item.command = { command: 'zopo.openRun', title: 'Open Run', arguments: [{ kind: 'run', run }] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function promptItem(run: IndexedRun, entry: PortfolioEntry, rank: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`#${rank} ${entry.text.split('\n')[0] ?? ''}`);
  // The held-out verdict leads; the validation score is a detail.
  item.description = `${entry.test === undefined ? 'not tested' : verdictLine(entry)} · validation ${entry.score.toFixed(2)}`;
  item.tooltip = entry.text;
  item.contextValue = run.target ? 'portfolioPrompt.placed' : 'portfolioPrompt';
  item.id = `${run.dir}#${rank}`;
  return item;
}

/** "better +0.17 (95% CI +0.08..+0.26)", "no reliable improvement", or the validation scores of an untested run. */
function runVerdict(r: RunRecord): string {
  const better = recommendedPrompt(r.portfolio);
  if (better?.test !== undefined) return `better ${signed(better.test.delta)} (95% CI ${signed(better.test.interval[0])}..${signed(better.test.interval[1])})`;
  if (r.portfolio.some((e) => e.test !== undefined)) return 'no reliable improvement';
  return r.originalScore !== undefined && r.bestScore !== undefined ? `validation ${r.originalScore.toFixed(2)} → ${r.bestScore.toFixed(2)}` : '';
}

function statusIcon(status: string): string {
  switch (status) {
    case 'running':
      return 'sync~spin';
    case 'done':
      return 'pass';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'circle-slash';
    default:
      return 'debug-pause';
  }
}
