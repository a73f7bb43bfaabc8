import * as vscode from 'vscode';
import type { RunResult } from '../core/pipeline/runTypes';
import type { FieldMapping } from '../core/data/datasetTypes';
import { browseForDataset, pickDataset } from './datasetPicker';
import { validateAndRegisterDataset } from './datasetRegistration';
import { pickPrompt } from './promptPicker';
import { promptInEditor } from './promptTarget';
import type { RegistrationStore } from './registrations';
import type { RunController } from './runController';
import type { RunsTreeProvider } from './runsTree';
import { chooseLanguageModel, chooseLanguageModelCommand } from './languageModelPicker';
import { chooseMetric, chooseMetricCommand } from './metricPicker';
import { promptForApiKey, type Secrets } from './secrets';

/** Command ids, as contributed in package.json. */
export const commandIds = {
  optimizePrompt: 'zopo.optimizePrompt',
  registerPrompt: 'zopo.registerPrompt',
  registerDataset: 'zopo.registerDataset',
  showPanel: 'zopo.showPanel',
  refreshRuns: 'zopo.refreshRuns',
  setApiKey: 'zopo.setApiKey',
  chooseLanguageModel: chooseLanguageModelCommand,
  chooseMetric: chooseMetricCommand,
} as const;

export interface CommandServices {
  readonly registrations: RegistrationStore;
  readonly runsTree: RunsTreeProvider;
  readonly secrets: Secrets;
  readonly runs: RunController;
  readonly diagnostics: vscode.DiagnosticCollection;
}

/** Registers the general commands; the returned disposables belong to the extension context. */
export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(commandIds.optimizePrompt, () => optimizePrompt(services)),
    vscode.commands.registerCommand(commandIds.registerPrompt, () => registerPrompt(services.registrations)),
    vscode.commands.registerCommand(commandIds.registerDataset, (uri?: vscode.Uri) => registerDataset(services, uri)),
    vscode.commands.registerCommand(commandIds.showPanel, () => showPanel(services.runs)),
    vscode.commands.registerCommand(commandIds.refreshRuns, () => services.runsTree.refresh()),
    vscode.commands.registerCommand(commandIds.setApiKey, () => promptForApiKey(services.secrets)),
    vscode.commands.registerCommand(commandIds.chooseLanguageModel, () => chooseLanguageModel()),
    vscode.commands.registerCommand(commandIds.chooseMetric, () => chooseMetric()),
  ];
}

/** Picks the prompt and the dataset, then runs the optimization; resolves with the run's result. */
async function optimizePrompt(services: CommandServices): Promise<RunResult | undefined> {
  const prompt = await pickPrompt(services.registrations);
  if (!prompt) return undefined;
  const dataset = await pickDataset(services.registrations, services.diagnostics);
  if (!dataset) return undefined;
  return services.runs.start(prompt, dataset);
}

async function registerPrompt(registrations: RegistrationStore): Promise<void> {
  const prompt = await promptInEditor(vscode.window.activeTextEditor);
  if (!prompt) {
    void vscode.window.showWarningMessage('ZOPO: put the cursor in a prompt string, select the prompt text, or open a .prompt/.txt/.md file.');
    return;
  }
  await registrations.addPrompt(prompt);
  void vscode.window.showInformationMessage(`ZOPO: registered the prompt at ${prompt.summary.source}.`);
}

/** Checks the dataset (problems go to the Problems panel), asks for the field mapping, remembers it. */
async function registerDataset(services: CommandServices, uri: vscode.Uri | undefined): Promise<FieldMapping | undefined> {
  const target = uri ?? (await browseForDataset());
  if (!target) return undefined;
  return validateAndRegisterDataset(target, services.registrations, services.diagnostics);
}

function showPanel(runs: RunController): void {
  if (runs.hasPanelRun()) {
    runs.showPanel();
    return;
  }
  void vscode.window.showInformationMessage('ZOPO: no optimization yet. Run "ZOPO: Optimize Prompt" first.', 'Optimize Prompt').then((choice) => {
    if (choice) void vscode.commands.executeCommand(commandIds.optimizePrompt);
  });
}
