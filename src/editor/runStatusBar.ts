import * as vscode from 'vscode';
import type { RunEvent } from '../core/pipeline/runEvents';

/** One status-bar item showing the newest active run's progress; clicking opens the panel. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('zopo.run', vscode.StatusBarAlignment.Left, 50);
  private best: number | undefined;

  constructor() {
    this.item.name = 'ZOPO optimization';
    this.item.command = 'zopo.showPanel';
  }

  start(label: string, simulated: boolean): void {
    this.best = undefined;
    this.item.text = `$(sync~spin) ZOPO: ${label}`;
    this.item.tooltip = `Optimizing ${label}${simulated ? ' (simulated)' : ''}. Click to show the panel.`;
    this.item.show();
  }

  update(event: RunEvent): void {
    if (event.type === 'newBest') this.best = event.score;
    if (event.type === 'evaluationFinished') {
      const best = this.best === undefined ? '' : ` · best ${this.best.toFixed(2)}`;
      this.item.text = `$(sync~spin) ZOPO ${event.queries}/${event.budget}${best}`;
    }
    if (event.type === 'phase' && event.phase !== 'searching') this.item.text = `$(sync~spin) ZOPO: ${event.phase}…`;
    if (event.type === 'waiting' && event.batch !== undefined) {
      this.item.text = `$(clock) ZOPO: batch ${event.batch.done}/${event.batch.total}`;
      this.item.tooltip = `${event.message}. The run survives a window reload; click to show the panel.`;
    }
  }

  finish(text: string): void {
    this.item.text = text;
    setTimeout(() => this.item.hide(), 15_000);
  }

  dispose(): void {
    this.item.dispose();
  }
}
