import * as vscode from 'vscode';
import type { FieldMapping } from '../core/data/datasetTypes';
import { validateAndRegisterDataset } from './datasetRegistration';
import type { RegistrationStore } from './registrations';

const datasetGlob = '**/*.{jsonl,json,csv}';
const ignoredGlob = '{**/node_modules/**,**/.vscode/**,**/.zopo/**,**/package*.json,**/tsconfig*.json}';

/** A dataset ready to run on: its file and which fields are inputs and output. */
export interface ChosenDataset {
  readonly uri: vscode.Uri;
  readonly mapping: FieldMapping;
}

/** The registered dataset, or one the user picks from the workspace (checked, then registered). */
export async function pickDataset(registrations: RegistrationStore, diagnostics: vscode.DiagnosticCollection): Promise<ChosenDataset | undefined> {
  const registered = registrations.dataset();
  if (registered) return { uri: vscode.Uri.parse(registered.uri), mapping: registered.mapping };
  const files = await vscode.workspace.findFiles(datasetGlob, ignoredGlob, 200);
  const items = [
    ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { label: '$(folder-opened) Browse...', uri: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Optimize Prompt: which dataset?',
    placeHolder: 'Input/output pairs (JSONL, JSON array or CSV)',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const uri = picked.uri ?? (await browseForDataset());
  if (!uri) return undefined;
  const mapping = await validateAndRegisterDataset(uri, registrations, diagnostics);
  return mapping ? { uri, mapping } : undefined;
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
