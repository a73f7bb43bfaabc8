import * as vscode from 'vscode';
import { heldOutSummary, noImprovementText, recommendedPrompt, signed } from '../core/eval/verdictText';
import type { RunResult } from '../core/pipeline/runTypes';
import type { PromptTarget } from './promptTarget';
import { applyWithEvidence } from './suggestionActions';

/**
 * A finished run in one line, led by the held-out verdict: "better: +0.17 on 100 test examples,
 * 95% CI +0.08..+0.26", or that no reliable improvement was found; validation scores only when
 * the run was not tested.
 */
export function outcomeSummary(result: RunResult): string {
  const best = recommendedPrompt(result.portfolio);
  if (best?.test !== undefined) return `better: ${heldOutSummary(best.test)}`;
  const none = noImprovementText(result.portfolio);
  if (none !== undefined) return none.replace(/\.$/, '');
  const leader = result.portfolio[0];
  if (leader === undefined) return 'no prompt found';
  return `not tested on held-out data (validation ${result.original.score.toFixed(2)} → ${leader.score.toFixed(2)})`;
}

/**
 * The end notification. "Apply Best" appears only when the held-out test calls a prompt better;
 * otherwise "Apply Anyway…" asks for a confirmation that names the evidence first.
 */
export async function notifyOutcome(result: RunResult, source: string, target: PromptTarget, showPanel: () => void): Promise<void> {
  const leader = result.portfolio.find((p) => p.candidateId !== 0);
  if (result.status !== 'done' || leader === undefined) return;
  const best = recommendedPrompt(result.portfolio);
  const simulated = result.simulated ? ' (simulated)' : '';
  const apply = best === undefined ? 'Apply Anyway…' : 'Apply Best';
  const choice = await vscode.window.showInformationMessage(`ZOPO: ${source} ${outcomeSummary(result)}${simulated}.`, apply, 'Show Panel');
  const chosen = best ?? leader;
  if (choice === apply) await applyWithEvidence(target, chosen.text, chosen.test);
  if (choice === 'Show Panel') showPanel();
}

/** The status bar's short form: "better +0.22 (95% CI +0.08..+0.34)" or "no reliable improvement". */
export function shortOutcome(result: RunResult): string {
  const best = recommendedPrompt(result.portfolio);
  if (best?.test !== undefined) return `better ${signed(best.test.delta)} (95% CI ${signed(best.test.interval[0])}..${signed(best.test.interval[1])})`;
  if (result.portfolio.some((p) => p.test !== undefined)) return 'no reliable improvement';
  return result.portfolio.length === 0 ? 'no prompt found' : 'not tested';
}
