import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerPanelSerializer } from './optimizationPanel';
import { PromptCodeLens } from './promptCodeLens';
import { setWasmDir } from './promptTarget';
import { RegistrationStore } from './registrations';
import { registerRunCommands } from './runCommands';
import { RunController } from './runController';
import { RunIndex } from './runIndex';
import { runsRootFor } from './runSetup';
import { RunsTreeProvider } from './runsTree';
import { Secrets } from './secrets';
import { onSettingsChanged, readSettings } from './settings';
import { registerSuggestions, suggestionSelector } from './suggestionCodeActions';
import { PreviewDocuments } from './suggestionActions';

/** Wires the services and features; every disposable goes to the extension context. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ZOPO', { log: true });
  context.subscriptions.push(log);
  try {
    setWasmDir(vscode.Uri.joinPath(context.extensionUri, 'dist', 'wasm').fsPath);
    const storageUri = context.storageUri ?? context.globalStorageUri;
    const registrations = new RegistrationStore(context.workspaceState);
    const secrets = new Secrets(context.secrets);
    const previews = new PreviewDocuments();
    const index = new RunIndex(() => runsRootFor(readSettings(), storageUri), log);
    const runs = new RunController({ extensionUri: context.extensionUri, storageUri, secrets, log, index, previews, globalState: context.globalState });
    const runsTree = new RunsTreeProvider(index, (dir) => runs.isActive(dir));
    const lenses = new PromptCodeLens(registrations, index);
    const diagnostics = vscode.languages.createDiagnosticCollection('zopo');
    context.subscriptions.push(
      registrations, previews, index, runs, runsTree, lenses, diagnostics,
      vscode.window.registerTreeDataProvider('zopo.runs', runsTree),
      vscode.languages.registerCodeLensProvider(suggestionSelector, lenses),
      registerPanelSerializer(context.extensionUri),
      onSettingsChanged(() => void index.refresh()),
      ...registerCommands({ registrations, runsTree, secrets, runs, diagnostics }),
      ...registerRunCommands({ runs, index, registrations, previews, diagnostics }),
      ...registerSuggestions(index, previews),
    );
    void runs.resumeInterrupted();
    log.info('ZOPO activated');
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`ZOPO failed to start: ${(error as Error).message}. See the "ZOPO" output channel.`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
