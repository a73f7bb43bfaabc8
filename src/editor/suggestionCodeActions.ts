import * as vscode from 'vscode';
import { locateTarget } from './promptLocation';
import type { PromptTarget } from './promptTarget';
import type { RunIndex } from './runIndex';
import { applySuggestion, copySuggestion, diffSuggestion, type PreviewDocuments } from './suggestionActions';

export const suggestionCommands = {
  apply: 'zopo.applySuggestion',
  diff: 'zopo.diffSuggestion',
  copy: 'zopo.copySuggestion',
} as const;

/** Suggestions offered per finished run: its best few local optima. */
const offered = 3;

/**
 * Quick Fixes on a prompt that has a finished run: "Replace with optimized prompt — 0.81 vs 0.62"
 * for the run's best prompts, and a diff preview of the best.
 */
export class SuggestionCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly index: RunIndex) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const run of await this.index.latestDoneFor(document.uri)) {
      const target = run.target;
      if (!target) continue;
      const where = await locateTarget(document, target);
      if (!where?.range.contains(range.start)) continue;
      const original = run.record.originalScore;
      // Only prompts that beat the original on validation are worth offering.
      const better = run.record.portfolio.filter((e) => original === undefined || e.score > original);
      better.slice(0, offered).forEach((entry, i) => {
        const versus = original === undefined ? '' : ` vs ${original.toFixed(2)}`;
        const simulated = run.record.simulated ? ' (simulated)' : '';
        const action = new vscode.CodeAction(`Replace with optimized prompt — ${entry.score.toFixed(2)}${versus}${simulated}`, vscode.CodeActionKind.QuickFix);
        action.command = { command: suggestionCommands.apply, title: action.title, arguments: [target, entry.text] };
        action.isPreferred = i === 0;
        actions.push(action);
      });
      const best = better[0];
      if (best) {
        const preview = new vscode.CodeAction('Preview optimized prompt (diff)', vscode.CodeActionKind.QuickFix);
        preview.command = { command: suggestionCommands.diff, title: preview.title, arguments: [target, best.text] };
        actions.push(preview);
      }
    }
    return actions;
  }
}

/** Documents that can hold prompts: code in the locator's languages and prompt files. */
export const suggestionSelector: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', pattern: '**/*.{prompt,txt,md}' },
];

/** The Quick Fix provider and the commands its actions run. */
export function registerSuggestions(index: RunIndex, previews: PreviewDocuments): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeActionsProvider(suggestionSelector, new SuggestionCodeActions(index), { providedCodeActionKinds: SuggestionCodeActions.kinds }),
    vscode.commands.registerCommand(suggestionCommands.apply, (target: PromptTarget, text: string) => applySuggestion(target, text, 'Apply optimized prompt')),
    vscode.commands.registerCommand(suggestionCommands.diff, (target: PromptTarget, text: string) => diffSuggestion(previews, target, text, 'Optimized prompt')),
    vscode.commands.registerCommand(suggestionCommands.copy, (text: string) => copySuggestion(text)),
  ];
}
