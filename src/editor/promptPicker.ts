import * as vscode from 'vscode';
import type { PromptSummary } from '../shared/protocol';
import type { RegistrationStore } from './registrations';

/** File extensions whose whole content is a prompt. */
export const promptFileExtensions = ['.prompt', '.txt', '.md'] as const;
const promptFileGlob = '**/*.{prompt,txt,md}';

/**
 * The prompt the user means: the selection in the active editor, the whole active file when
 * it is a prompt file, or one picked from the registered prompts and the workspace's prompt files.
 */
export async function pickPrompt(registrations: RegistrationStore): Promise<PromptSummary | undefined> {
  const fromEditor = promptFromEditor(vscode.window.activeTextEditor);
  if (fromEditor) return fromEditor;
  return pickFromWorkspace(registrations);
}

/** The prompt in an editor: its non-empty selection, or the whole document if it is a prompt file. */
export function promptFromEditor(editor: vscode.TextEditor | undefined): PromptSummary | undefined {
  if (!editor) return undefined;
  const doc = editor.document;
  if (!editor.selection.isEmpty) {
    const text = doc.getText(editor.selection);
    if (text.trim()) return { source: describe(doc.uri, editor.selection.start.line), text };
  }
  if (isPromptFile(doc.uri) && doc.getText().trim()) {
    return { source: describe(doc.uri, 0), text: doc.getText() };
  }
  return undefined;
}

export function isPromptFile(uri: vscode.Uri): boolean {
  const path = uri.path.toLowerCase();
  return promptFileExtensions.some((ext) => path.endsWith(ext)) && !/readme\.md$/.test(path);
}

async function pickFromWorkspace(registrations: RegistrationStore): Promise<PromptSummary | undefined> {
  const registered = registrations.prompts().map((p) => {
    const uri = vscode.Uri.parse(p.uri);
    return { label: firstLine(p.text), description: describe(uri, p.line - 1), prompt: { source: describe(uri, p.line - 1), text: p.text } };
  });
  const files = await vscode.workspace.findFiles(promptFileGlob, '**/node_modules/**', 200);
  const fileItems = files.filter(isPromptFile).map((uri) => ({
    label: vscode.workspace.asRelativePath(uri),
    description: 'prompt file',
    uri,
  }));
  if (registered.length === 0 && fileItems.length === 0) {
    void vscode.window.showWarningMessage(
      'ZOPO: no prompt found. Select the prompt text in an editor, open a .prompt/.txt/.md file, or register a prompt first.',
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
  return { source: describe(picked.uri, 0), text };
}

function describe(uri: vscode.Uri, line: number): string {
  return `${vscode.workspace.asRelativePath(uri)}:${line + 1}`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
