import * as vscode from 'vscode';
import { settingKeys } from './settings';

/** The command that picks the chat model the `vscode-lm` provider uses. */
export const chooseLanguageModelCommand = 'zopo.chooseLanguageModel';

interface ModelItem extends vscode.QuickPickItem {
  readonly family: string;
}

/**
 * "Choose Chat Model": lists the chat models VS Code offers through its Language Model API and
 * makes the chosen one ZOPO's: the `vscode-lm` provider with that model's family, saved in the
 * workspace settings (user settings when no folder is open). Resolves with the family chosen.
 */
export async function chooseLanguageModel(): Promise<string | undefined> {
  const models = await vscode.lm.selectChatModels({});
  if (models.length === 0) {
    void vscode.window.showWarningMessage('ZOPO: no chat model is available through VS Code\'s Language Model API. Install one (e.g. GitHub Copilot Chat) or use another zopo.provider.');
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('zopo');
  const current = config.get<string>(settingKeys.provider) === 'vscode-lm' ? config.get<string>(settingKeys.languageModelFamily, '') : undefined;
  const items: ModelItem[] = models.map((m) => ({
    label: m.name,
    description: `${m.vendor} · ${m.family}${m.family === current ? ' · in use' : ''}`,
    detail: `up to ${m.maxInputTokens.toLocaleString('en')} input tokens`,
    family: m.family,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'ZOPO: which chat model?', placeHolder: 'Runs use it through VS Code; no API key needed' });
  if (!picked) return undefined;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(settingKeys.provider, 'vscode-lm', target);
  await config.update(settingKeys.languageModelFamily, picked.family, target);
  void vscode.window.showInformationMessage(`ZOPO: runs will use ${picked.label} through VS Code's Language Model API.`);
  return picked.family;
}
