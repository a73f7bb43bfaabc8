import * as vscode from 'vscode';
import { heldOutSummary, recommendedPrompt } from '../core/eval/verdictText';
import { locateTarget } from './promptLocation';
import type { LocatedPrompt } from './promptTarget';
import type { RegistrationStore } from './registrations';
import type { IndexedRun, RunIndex } from './runIndex';

/**
 * A CodeLens above each registered or optimized prompt: its last result, led by the held-out
 * verdict ("ZOPO: better — +0.17 on 100 test examples, 95% CI +0.08..+0.26"), and "Optimize".
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

/**
 * The held-out verdict first: the prompt the test calls better with its paired delta and
 * interval, or plainly that no reliable improvement was found; validation scores only for a
 * run that was not tested.
 */
export function resultTitle(run: IndexedRun): string {
  const r = run.record;
  const leader = r.portfolio[0];
  if (!leader || r.originalScore === undefined) return 'ZOPO: no result';
  const simulated = r.simulated ? ' · simulated' : '';
  const better = recommendedPrompt(r.portfolio);
  if (better?.test !== undefined) return `ZOPO: better — ${heldOutSummary(better.test)}${simulated}`;
  const tested = r.portfolio.flatMap((e) => (e.test === undefined ? [] : [e.test])).sort((a, b) => b.delta - a.delta)[0];
  if (tested !== undefined) return `ZOPO: no reliable improvement — best ${heldOutSummary(tested)}${simulated}`;
  return `ZOPO: not tested on held-out data (validation ${r.originalScore.toFixed(2)} → ${leader.score.toFixed(2)})${simulated}`;
}
