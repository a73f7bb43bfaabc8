import * as vscode from 'vscode';
import type { RunEstimateView } from '../core/pipeline/runEstimate';

/** Models the user chose to start runs on although no price is known for them. */
const STARTS_WITHOUT_PRICE = 'zopo.startsWithoutPrice';

/**
 * Asks before a run whose estimate goes past the limits. When the only problem is a money limit
 * that cannot be checked (no price is known for the model, as for a chat model of the editor's
 * own), the user may answer once for that model: its later runs start without asking. A run
 * that would exceed a limit it can check is always asked about.
 */
export class EstimateConfirmation {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async confirm(view: RunEstimateView, model: string): Promise<boolean> {
    const onlyUnpriced = view.check.exceeded.length === 0 && view.check.unchecked.length > 0;
    const allowed = this.memento.get<string[]>(STARTS_WITHOUT_PRICE, []);
    if (onlyUnpriced && allowed.includes(model)) return true;
    const always = `Always Start with ${model}`;
    const message = onlyUnpriced
      ? `ZOPO: no price is known for ${model}, so your money limit (zopo.maxCostUsd) cannot be checked.`
      : `ZOPO: this run would go past your limits: ${view.problems.join('; ')}.`;
    const choice = await vscode.window.showWarningMessage(
      message,
      { modal: true, detail: view.summary },
      'Start Anyway',
      ...(onlyUnpriced ? [always] : []),
    );
    if (choice === always) {
      await this.memento.update(STARTS_WITHOUT_PRICE, [...allowed, model]);
      this.log.info(`Runs on ${model}, which has no known price, will start without asking.`);
    }
    return choice === 'Start Anyway' || choice === always;
  }
}
