import * as vscode from 'vscode';
import { listRuns } from '../core/runs/runStore';
import type { PortfolioEntry, RunRecord } from '../core/runs/runRecord';

type Node = { kind: 'run'; run: RunRecord } | { kind: 'prompt'; run: RunRecord; entry: PortfolioEntry; rank: number };

/** Maps the run records under the runs folder to the "Runs" tree; it holds no state of its own. */
export class RunsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly runsRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'prompt') return [];
    if (node?.kind === 'run') return node.run.portfolio.map((entry, i) => ({ kind: 'prompt', run: node.run, entry, rank: i + 1 }));
    const listing = await listRuns(this.runsRoot.fsPath);
    for (const bad of listing.unreadable) this.log.warn(`Skipping unreadable run ${bad.reason}`);
    return listing.runs.map((run) => ({ kind: 'run', run }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node.kind === 'run' ? runItem(node.run) : promptItem(node.entry, node.rank);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function runItem(run: RunRecord): vscode.TreeItem {
  const collapsible = run.portfolio.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(run.promptSource, collapsible);
  const scores = run.originalScore !== undefined && run.bestScore !== undefined ? `${pct(run.originalScore)} → ${pct(run.bestScore)}` : '';
  item.description = [run.status, scores, run.simulated ? 'simulated' : ''].filter(Boolean).join(' · ');
  item.tooltip = `${run.promptSource}\nDataset: ${run.datasetSource}\nStarted: ${run.createdAt}\nStatus: ${run.status}`;
  item.contextValue = `run.${run.status}`;
  item.iconPath = new vscode.ThemeIcon(statusIcon(run.status));
  item.id = run.id;
  return item;
}

function promptItem(entry: PortfolioEntry, rank: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`#${rank} ${entry.text.split('\n')[0] ?? ''}`);
  item.description = pct(entry.score) + (entry.testScore !== undefined ? ` (test ${pct(entry.testScore)})` : '');
  item.tooltip = entry.text;
  item.contextValue = 'portfolioPrompt';
  return item;
}

function pct(x: number): string {
  return x.toFixed(2);
}

function statusIcon(status: RunRecord['status']): string {
  switch (status) {
    case 'running':
      return 'sync~spin';
    case 'done':
      return 'pass';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'circle-slash';
    case 'interrupted':
      return 'debug-pause';
  }
}
