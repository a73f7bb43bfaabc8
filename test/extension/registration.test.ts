import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './workspace';

/** Lines of the "Optimize" lenses on string literals bound to `binding`. */
async function optimizeLensLines(uri: vscode.Uri, binding?: string): Promise<number[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses
    .filter((l) => l.command?.title === 'Optimize')
    .filter((l) => {
      const target = l.command?.arguments?.[0] as { kind?: string; anchor?: { bindingName?: string } } | undefined;
      return binding === undefined || (target?.kind === 'literal' && target.anchor?.bindingName === binding);
    })
    .map((l) => l.range.start.line);
}

describe('Register Prompt', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('anchors the literal under the cursor, and its CodeLens follows it through edits', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const inside = doc.positionAt(doc.getText().indexOf('careful lexicographer'));
    editor.selection = new vscode.Selection(inside, inside);
    await vscode.commands.executeCommand('zopo.registerPrompt');
    const literalLine = doc.positionAt(doc.getText().indexOf('SYSTEM_PROMPT = """')).line;
    await waitFor('the CodeLens', async () => ((await optimizeLensLines(doc.uri, 'SYSTEM_PROMPT')).includes(literalLine) ? true : undefined));

    // Three new lines above the prompt: the registration is found again by its binding and value.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# a\n# b\n# c\n'));
    const moved = await optimizeLensLines(doc.uri, 'SYSTEM_PROMPT');
    assert.ok(moved.includes(literalLine + 3), `no Optimize lens on line ${literalLine + 3}: ${moved.join(', ')}`);
    assert.ok(!moved.includes(literalLine), 'a lens stayed on the old line');
  });

  it('says so, and registers nothing, when the cursor is not in a prompt', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    const start = new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(start, start);
    const before = await optimizeLensLines(doc.uri);
    await vscode.commands.executeCommand('zopo.registerPrompt');
    assert.deepEqual(await optimizeLensLines(doc.uri), before);
  });
});
