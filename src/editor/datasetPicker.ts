import * as vscode from 'vscode';
import type { RegistrationStore } from './registrations';

const datasetGlob = '**/*.{jsonl,json,csv}';
const ignoredGlob = '{**/node_modules/**,**/.vscode/**,**/package*.json,**/tsconfig*.json}';

/** The registered dataset, or one the user picks from the workspace (and registers). */
export async function pickDataset(registrations: RegistrationStore): Promise<vscode.Uri | undefined> {
  const registered = registrations.dataset();
  if (registered) return vscode.Uri.parse(registered.uri);
  const files = await vscode.workspace.findFiles(datasetGlob, ignoredGlob, 200);
  const browse = { label: '$(folder-opened) Browse...', uri: undefined };
  const items = [
    ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    browse,
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Optimize Prompt: which dataset?',
    placeHolder: 'Input/output pairs (JSONL, JSON array or CSV)',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const uri = picked.uri ?? (await browseForDataset());
  if (uri) await registrations.setDataset({ uri: uri.toString() });
  return uri;
}

/** Asks for a dataset file with the open dialog. */
export async function browseForDataset(): Promise<vscode.Uri | undefined> {
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Use as dataset',
    filters: { Datasets: ['jsonl', 'json', 'csv'] },
  });
  return chosen?.[0];
}
