import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerPanelSerializer } from './optimizationPanel';
import { RegistrationStore } from './registrations';
import { RunsTreeProvider } from './runsTree';
import { Secrets } from './secrets';

/** Wires the services and features; every disposable goes to the extension context. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ZOPO', { log: true });
  context.subscriptions.push(log);
  try {
    const registrations = new RegistrationStore(context.workspaceState);
    const runsRoot = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'runs');
    const runsTree = new RunsTreeProvider(runsRoot, log);
    context.subscriptions.push(
      registrations,
      runsTree,
      vscode.window.registerTreeDataProvider('zopo.runs', runsTree),
      registerPanelSerializer(context.extensionUri),
      ...registerCommands({ extensionUri: context.extensionUri, registrations, runsTree, secrets: new Secrets(context.secrets) }),
    );
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
