import * as vscode from 'vscode';
import { heldOutSummary } from '../core/eval/verdictText';
import type { HeldOutComparison } from '../core/pipeline/runEvents';
import type { RunRecord } from '../core/runs/runRecord';
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
 * Quick Fixes on a prompt that has a finished run. Only prompts the held-out test calls better
 * than the original are offered as replacements, titled with that evidence ("Replace — +0.17 on
 * 100 test examples, 95% CI +0.08..+0.26"); otherwise the best prompt can still be previewed and
 * copied, and the titles say that no reliable improvement was found.
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
      actions.push(...runActions(run.record, target));
    }
    return actions;
  }
}

function runActions(record: RunRecord, target: PromptTarget): vscode.CodeAction[] {
  const simulated = record.simulated ? ' (simulated)' : '';
  const better = record.portfolio.filter((e) => e.test?.verdict === 'better');
  const actions = better.slice(0, offered).map((entry, i) => {
    const action = new vscode.CodeAction(`Replace — ${heldOutSummary(entry.test as HeldOutComparison)}${simulated}`, vscode.CodeActionKind.QuickFix);
    action.command = { command: suggestionCommands.apply, title: action.title, arguments: [target, entry.text] };
    action.isPreferred = i === 0;
    return action;
  });
  const best = better[0] ?? record.portfolio.find((e) => e.test !== undefined) ?? record.portfolio[0];
  if (best === undefined || best.text === '') return actions;
  // Without a reliably better prompt there is no replacement: the best one can be looked at and copied.
  const note = better.length > 0 ? '' : ` — no reliable improvement${best.test === undefined ? ' (not tested)' : ` (${heldOutSummary(best.test)})`}${simulated}`;
  const preview = new vscode.CodeAction(`Preview optimized prompt (diff)${note}`, vscode.CodeActionKind.QuickFix);
  preview.command = { command: suggestionCommands.diff, title: preview.title, arguments: [target, best.text] };
  actions.push(preview);
  if (better.length === 0) {
    const copy = new vscode.CodeAction(`Copy optimized prompt${note}`, vscode.CodeActionKind.QuickFix);
    copy.command = { command: suggestionCommands.copy, title: copy.title, arguments: [best.text] };
    actions.push(copy);
  }
  return actions;
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
