import * as vscode from 'vscode';
import type { PanelView } from '../shared/protocol';
import { browseForDataset, pickDataset } from './datasetPicker';
import { OptimizationPanel } from './optimizationPanel';
import { pickPrompt, promptFromEditor } from './promptPicker';
import type { RegistrationStore } from './registrations';
import type { RunsTreeProvider } from './runsTree';
import { promptForApiKey, type Secrets } from './secrets';
import { readSettings } from './settings';

/** Command ids, as contributed in package.json. */
export const commandIds = {
  optimizePrompt: 'zopo.optimizePrompt',
  registerPrompt: 'zopo.registerPrompt',
  registerDataset: 'zopo.registerDataset',
  showPanel: 'zopo.showPanel',
  refreshRuns: 'zopo.refreshRuns',
  setApiKey: 'zopo.setApiKey',
} as const;

export interface CommandServices {
  readonly extensionUri: vscode.Uri;
  readonly registrations: RegistrationStore;
  readonly runsTree: RunsTreeProvider;
  readonly secrets: Secrets;
}

/** Registers every contributed command; the returned disposables belong to the extension context. */
export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(commandIds.optimizePrompt, () => optimizePrompt(services)),
    vscode.commands.registerCommand(commandIds.registerPrompt, () => registerPrompt(services.registrations)),
    vscode.commands.registerCommand(commandIds.registerDataset, (uri?: vscode.Uri) => registerDataset(services.registrations, uri)),
    vscode.commands.registerCommand(commandIds.showPanel, () => showPanel(services.extensionUri)),
    vscode.commands.registerCommand(commandIds.refreshRuns, () => services.runsTree.refresh()),
    vscode.commands.registerCommand(commandIds.setApiKey, () => promptForApiKey(services.secrets)),
  ];
}

/** Picks the prompt and dataset, then opens the panel on the run's set-up. Returns the panel's view. */
async function optimizePrompt(services: CommandServices): Promise<PanelView | undefined> {
  const prompt = await pickPrompt(services.registrations);
  if (!prompt) return undefined;
  const dataset = await pickDataset(services.registrations);
  if (!dataset) return undefined;
  const settings = readSettings();
  const view: PanelView = {
    title: `ZOPO: ${prompt.source.replace(/:\d+$/, '').split('/').pop() ?? prompt.source}`,
    status: 'setup',
    simulated: settings.provider === 'sandbox',
    prompt,
    dataset: { source: vscode.workspace.asRelativePath(dataset), rows: null, fields: [] },
    settings,
    message: 'Ready to optimize with the settings below.',
  };
  OptimizationPanel.show(services.extensionUri, view);
  return view;
}

async function registerPrompt(registrations: RegistrationStore): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const prompt = promptFromEditor(editor);
  if (!editor || !prompt) {
    void vscode.window.showWarningMessage('ZOPO: select the prompt text first, or open a .prompt/.txt/.md file.');
    return;
  }
  const line = editor.selection.isEmpty ? 1 : editor.selection.start.line + 1;
  await registrations.addPrompt({ uri: editor.document.uri.toString(), text: prompt.text, line });
  void vscode.window.showInformationMessage(`ZOPO: registered the prompt at ${prompt.source}.`);
}

async function registerDataset(registrations: RegistrationStore, uri: vscode.Uri | undefined): Promise<void> {
  const target = uri ?? (await browseForDataset());
  if (!target) return;
  await registrations.setDataset({ uri: target.toString() });
  void vscode.window.showInformationMessage(`ZOPO: using ${vscode.workspace.asRelativePath(target)} as the dataset.`);
}

function showPanel(extensionUri: vscode.Uri): void {
  const panel = OptimizationPanel.active;
  if (panel) {
    OptimizationPanel.show(extensionUri, panel.view);
    return;
  }
  void vscode.window.showInformationMessage('ZOPO: no optimization yet. Run "ZOPO: Optimize Prompt" first.', 'Optimize Prompt').then((choice) => {
    if (choice) void vscode.commands.executeCommand(commandIds.optimizePrompt);
  });
}
