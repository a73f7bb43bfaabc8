import * as vscode from 'vscode';
import { locateTarget } from './promptLocation';
import type { LocatedPrompt } from './promptTarget';
import type { RegistrationStore } from './registrations';
import type { IndexedRun, RunIndex } from './runIndex';

/**
 * A CodeLens above each registered or optimized prompt: its last result ("ZOPO: 0.62 → 0.81 on
 * 100 test examples") and "Optimize".
 */
export class PromptCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly registrations: RegistrationStore,
    private readonly index: RunIndex,
  ) {
    this.subscriptions = [registrations.onDidChange(() => this.changed.fire()), index.onDidChange(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses: vscode.CodeLens[] = [];
    const runs = await this.index.latestDoneFor(document.uri);
    const prompts: LocatedPrompt[] = this.registrations.prompts().filter((p) => p.target.uri === document.uri.toString());
    for (const run of runs) {
      if (run.target && !prompts.some((p) => JSON.stringify(p.target) === JSON.stringify(run.target))) {
        prompts.push({ summary: { source: run.record.promptSource, text: '' }, target: run.target });
      }
    }
    const used = new Set<number>();
    for (const prompt of prompts) {
      const located = await locateTarget(document, prompt.target);
      // One set of lenses per line: a registration and a run of the same prompt share it.
      if (!located || used.has(located.range.start.line)) continue;
      used.add(located.range.start.line);
      const line = new vscode.Range(located.range.start.line, 0, located.range.start.line, 0);
      const run = runs.find((r) => JSON.stringify(r.target) === JSON.stringify(prompt.target));
      if (run) lenses.push(new vscode.CodeLens(line, { title: resultTitle(run), command: 'zopo.showPanel' }));
      lenses.push(new vscode.CodeLens(line, { title: 'Optimize', command: 'zopo.optimizeTarget', arguments: [prompt.target] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

/** The held-out test scores when the run has them (the evidence), else the validation scores. */
export function resultTitle(run: IndexedRun): string {
  const r = run.record;
  const best = r.portfolio[0];
  if (!best || r.originalScore === undefined) return 'ZOPO: no result';
  const simulated = r.simulated ? ' · simulated' : '';
  const validation = `${r.originalScore.toFixed(2)} → ${best.score.toFixed(2)}`;
  if (best.testScore === undefined || r.originalTestScore === undefined) return `ZOPO: ${validation} on validation${simulated}`;
  const on = r.testExamples === undefined ? 'on the test set' : `on ${r.testExamples} test example${r.testExamples === 1 ? '' : 's'}`;
  return `ZOPO: ${r.originalTestScore.toFixed(2)} → ${best.testScore.toFixed(2)} ${on} (validation ${validation})${simulated}`;
}
