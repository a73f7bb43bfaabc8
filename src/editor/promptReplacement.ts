import * as vscode from 'vscode';
import { relocate } from '../core/literals/relocateLiteral';
import { renderReplacement } from '../core/literals/renderReplacement';
import { literalsOf, type PromptTarget } from './promptTarget';

/** A replacement ready to apply, or why it cannot be placed safely. */
export type ReplacementPlan =
  | { readonly status: 'ready'; readonly document: vscode.TextDocument; readonly range: vscode.Range; readonly text: string; readonly notes: readonly string[] }
  | { readonly status: 'unplaceable'; readonly reason: string };

/**
 * Works out where `newValue` goes in the target's current text, and its source text there:
 * escaped for the literal's kind, or verbatim for prompt files and selections. Never guesses
 * and never overwrites an edit: a prompt file or literal that no longer holds what the run
 * read, a literal that is gone or ambiguous, or a selection text found zero or several
 * times, is reported as unplaceable.
 */
export async function planReplacement(target: PromptTarget, newValue: string): Promise<ReplacementPlan> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const source = document.getText();
  switch (target.kind) {
    case 'file':
      if (source !== target.text) return { status: 'unplaceable', reason: 'the prompt file has changed since the run started' };
      return { status: 'ready', document, range: new vscode.Range(document.positionAt(0), document.positionAt(source.length)), text: newValue, notes: [] };
    case 'selection':
      return planSelection(document, source, target.text, newValue);
    case 'literal': {
      const found = relocate(target.anchor, await literalsOf(document));
      if (found.status === 'missing') return { status: 'unplaceable', reason: 'the prompt string is no longer in the file' };
      if (found.status === 'ambiguous') return { status: 'unplaceable', reason: `${found.candidates.length} strings in the file match the registered prompt equally well` };
      // Found by its name but with another value: the user's edit since the run would be lost.
      if (found.literal.value !== target.anchor.value) return { status: 'unplaceable', reason: 'the prompt string has changed since the run read it' };
      const replacement = renderReplacement(found.literal, newValue);
      const range = new vscode.Range(document.positionAt(replacement.range.start), document.positionAt(replacement.range.end));
      return { status: 'ready', document, range, text: replacement.text, notes: replacement.notes };
    }
  }
}

function planSelection(document: vscode.TextDocument, source: string, original: string, newValue: string): ReplacementPlan {
  const first = source.indexOf(original);
  if (first < 0) return { status: 'unplaceable', reason: 'the original prompt text is no longer in the file' };
  if (source.indexOf(original, first + 1) >= 0) return { status: 'unplaceable', reason: 'the original prompt text occurs more than once in the file' };
  return { status: 'ready', document, range: new vscode.Range(document.positionAt(first), document.positionAt(first + original.length)), text: newValue, notes: [] };
}

/** Applies a ready plan as one undoable edit. */
export async function applyPlan(plan: Extract<ReplacementPlan, { status: 'ready' }>, label: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(plan.document.uri, plan.range, plan.text, { label, needsConfirmation: false });
  return vscode.workspace.applyEdit(edit);
}

/** The target's whole file with the plan applied, for a diff preview. */
export function previewText(plan: Extract<ReplacementPlan, { status: 'ready' }>): string {
  const source = plan.document.getText();
  return source.slice(0, plan.document.offsetAt(plan.range.start)) + plan.text + source.slice(plan.document.offsetAt(plan.range.end));
}
