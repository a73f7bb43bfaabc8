import * as vscode from 'vscode';
import type { RegistrationStore } from './registrations';
import { describe, isPromptFile, promptInEditor, type LocatedPrompt } from './promptTarget';

const promptFileGlob = '**/*.{prompt,txt,md}';

/**
 * The prompt the user means: the selection, the string literal under the cursor or the open
 * prompt file; otherwise one picked from the registered prompts and the workspace's prompt files.
 */
export async function pickPrompt(registrations: RegistrationStore): Promise<LocatedPrompt | undefined> {
  const fromEditor = await promptInEditor(vscode.window.activeTextEditor);
  if (fromEditor) return fromEditor;
  return pickFromWorkspace(registrations);
}

async function pickFromWorkspace(registrations: RegistrationStore): Promise<LocatedPrompt | undefined> {
  const registered = registrations.prompts().map((p) => ({ label: firstLine(p.summary.text), description: p.summary.source, prompt: p }));
  const files = await vscode.workspace.findFiles(promptFileGlob, '**/node_modules/**', 200);
  const fileItems = files.filter(isPromptFile).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: 'prompt file', uri }));
  if (registered.length === 0 && fileItems.length === 0) {
    void vscode.window.showWarningMessage(
      'ZOPO: no prompt found. Put the cursor in a prompt string, select the prompt text, open a .prompt/.txt/.md file, or register a prompt first.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick([...registered, ...fileItems], {
    title: 'Optimize Prompt: which prompt?',
    placeHolder: 'Pick a registered prompt or a prompt file',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if ('prompt' in picked) return picked.prompt;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked.uri));
  return { summary: { source: describe(picked.uri, 0), text }, target: { kind: 'file', uri: picked.uri.toString(), text } };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
