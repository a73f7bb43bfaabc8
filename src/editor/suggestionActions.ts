import * as vscode from 'vscode';
import { heldOutSummary } from '../core/eval/verdictText';
import type { HeldOutComparison } from '../core/pipeline/runEvents';
import { applyPlan, planReplacement, previewText } from './promptReplacement';
import type { PromptTarget } from './promptTarget';

const previewScheme = 'zopo-preview';

/** Serves the "after" side of diff previews from memory. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(previewScheme, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A read-only document holding `text`, named after `original` so it gets the same language. */
  add(original: vscode.Uri, text: string): vscode.Uri {
    const name = original.path.split('/').pop() ?? 'prompt';
    const uri = vscode.Uri.from({ scheme: previewScheme, path: `/${++this.counter}/${name}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

/**
 * Puts `text` in place of the prompt at `target` as one undoable edit, escaped for the literal's
 * language. When the prompt can no longer be found unambiguously nothing is written and the user
 * may copy the text instead. Returns whether the edit was applied.
 */
export async function applySuggestion(target: PromptTarget, text: string, label: string): Promise<boolean> {
  const plan = await planReplacement(target, text);
  if (plan.status === 'unplaceable') {
    void offerCopy(`ZOPO: cannot replace the prompt safely: ${plan.reason}.`, text);
    return false;
  }
  const applied = await applyPlan(plan, label);
  if (!applied) return false;
  if (plan.notes.length) void vscode.window.showInformationMessage(`ZOPO: ${plan.notes.join(' ')}`);
  // Show where the prompt changed, selected, so the edit is seen (and one Undo away).
  const start = plan.range.start;
  const end = plan.document.positionAt(plan.document.offsetAt(start) + plan.text.length);
  await vscode.window.showTextDocument(plan.document, { selection: new vscode.Range(start, end), preview: false });
  return true;
}

/**
 * Applies a run's prompt, but one the held-out test does not call better only after the user
 * confirms it in a modal dialog that says what the evidence is.
 */
export async function applyWithEvidence(target: PromptTarget, text: string, test: HeldOutComparison | undefined): Promise<boolean> {
  if (test?.verdict !== 'better') {
    const evidence = test === undefined ? 'it was not tested on held-out data' : `the held-out test says ${test.verdict} (${heldOutSummary(test)})`;
    const choice = await vscode.window.showWarningMessage(`ZOPO: this prompt is not shown to be better than yours: ${evidence}. Apply it anyway?`, { modal: true }, 'Apply Anyway');
    if (choice !== 'Apply Anyway') return false;
  }
  return applySuggestion(target, text, 'Apply optimized prompt');
}

/** Opens a diff of the prompt's file before and after the replacement. */
export async function diffSuggestion(previews: PreviewDocuments, target: PromptTarget, text: string, title: string): Promise<void> {
  const plan = await planReplacement(target, text);
  if (plan.status === 'unplaceable') {
    void offerCopy(`ZOPO: cannot show the change in place: ${plan.reason}.`, text);
    return;
  }
  const after = previews.add(plan.document.uri, previewText(plan));
  await vscode.commands.executeCommand('vscode.diff', plan.document.uri, after, title, { preview: true });
}

export async function copySuggestion(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage('ZOPO: optimized prompt copied to the clipboard.');
}

async function offerCopy(message: string, text: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, 'Copy Prompt');
  if (choice) await copySuggestion(text);
}
