import * as vscode from 'vscode';

/** The secrets the extension keeps; each lives only in VS Code's SecretStorage. */
export type SecretName = 'openaiApiKey';

const storageKeys: Record<SecretName, string> = { openaiApiKey: 'zopo.openai.apiKey' };

/**
 * All access to secrets goes through here. Values are never logged, never written to settings
 * or run records, and never posted to a webview.
 */
export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  get(name: SecretName): Thenable<string | undefined> {
    return this.storage.get(storageKeys[name]);
  }

  async set(name: SecretName, value: string): Promise<void> {
    await this.storage.store(storageKeys[name], value);
  }

  async delete(name: SecretName): Promise<void> {
    await this.storage.delete(storageKeys[name]);
  }
}

/** "Set API Key": asks for the key with a password box and stores it; an empty entry removes it. */
export async function promptForApiKey(secrets: Secrets): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'ZOPO: API key for the OpenAI-compatible endpoint',
    prompt: 'Stored in VS Code\'s secret storage, never in settings. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  if (value.trim() === '') {
    await secrets.delete('openaiApiKey');
    void vscode.window.showInformationMessage('ZOPO: API key removed.');
    return true;
  }
  await secrets.set('openaiApiKey', value.trim());
  void vscode.window.showInformationMessage('ZOPO: API key saved in secret storage.');
  return true;
}
