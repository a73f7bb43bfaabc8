import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { pickDataset } from './datasetPicker';
import { locateTarget } from './promptLocation';
import { describe, type LocatedPrompt, type PromptTarget } from './promptTarget';
import type { RegistrationStore } from './registrations';
import type { RunController } from './runController';
import type { RunIndex } from './runIndex';
import type { RunsTreeNode } from './runsTree';
import { applyWithEvidence, copySuggestion, diffSuggestion, type PreviewDocuments } from './suggestionActions';

export const runCommandIds = {
  openRun: 'zopo.openRun',
  resumeRun: 'zopo.resumeRun',
  deleteRun: 'zopo.deleteRun',
  applyPrompt: 'zopo.applyRunPrompt',
  diffPrompt: 'zopo.diffRunPrompt',
  copyPrompt: 'zopo.copyRunPrompt',
  optimizeTarget: 'zopo.optimizeTarget',
} as const;

export interface RunCommandServices {
  readonly runs: RunController;
  readonly index: RunIndex;
  readonly registrations: RegistrationStore;
  readonly previews: PreviewDocuments;
  readonly diagnostics: vscode.DiagnosticCollection;
}

/** The Runs view's item actions and the CodeLens's "Optimize". */
export function registerRunCommands(s: RunCommandServices): vscode.Disposable[] {
  const promptOf = (node: RunsTreeNode | undefined): { target: PromptTarget; text: string } | undefined =>
    node?.kind === 'prompt' && node.run.target ? { target: node.run.target, text: node.entry.text } : undefined;
  return [
    vscode.commands.registerCommand(runCommandIds.openRun, (node?: RunsTreeNode) => node && s.runs.open(node.run)),
    vscode.commands.registerCommand(runCommandIds.resumeRun, (node?: RunsTreeNode) => node && s.runs.resumeIndexed(node.run)),
    vscode.commands.registerCommand(runCommandIds.deleteRun, (node?: RunsTreeNode) => node && deleteRun(node, s)),
    vscode.commands.registerCommand(runCommandIds.applyPrompt, (node?: RunsTreeNode) => {
      const p = promptOf(node);
      return p && node?.kind === 'prompt' && applyWithEvidence(p.target, p.text, node.entry.test);
    }),
    vscode.commands.registerCommand(runCommandIds.diffPrompt, (node?: RunsTreeNode) => {
      const p = promptOf(node);
      return p && diffSuggestion(s.previews, p.target, p.text, 'Optimized prompt');
    }),
    vscode.commands.registerCommand(runCommandIds.copyPrompt, (node?: RunsTreeNode) => node?.kind === 'prompt' && copySuggestion(node.entry.text)),
    vscode.commands.registerCommand(runCommandIds.optimizeTarget, (target: PromptTarget) => optimizeTarget(target, s)),
  ];
}

async function deleteRun(node: RunsTreeNode, s: RunCommandServices): Promise<void> {
  if (s.runs.isActive(node.run.dir)) {
    void vscode.window.showWarningMessage('ZOPO: cancel the run before deleting it.');
    return;
  }
  const choice = await vscode.window.showWarningMessage(`Delete the run of ${node.run.record.promptSource} and all its files?`, { modal: true }, 'Delete');
  if (choice !== 'Delete') return;
  await fs.rm(node.run.dir, { recursive: true, force: true });
  await s.index.refresh();
}

/** "Optimize" from a CodeLens: the prompt's current text at its target, then the usual run. */
async function optimizeTarget(target: PromptTarget, s: RunCommandServices): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const located = await locateTarget(document, target);
  if (!located) {
    void vscode.window.showWarningMessage('ZOPO: the prompt can no longer be found unambiguously in the file.');
    return;
  }
  // A literal edited since registration keeps its anchor; the run takes its current text.
  const current: PromptTarget = target.kind === 'literal' ? { ...target, anchor: { ...target.anchor, value: located.value } } : target;
  const prompt: LocatedPrompt = { summary: { source: describe(document.uri, located.range.start.line), text: located.value }, target: current };
  const dataset = await pickDataset(s.registrations, s.diagnostics);
  if (dataset) await s.runs.start(prompt, dataset);
}
