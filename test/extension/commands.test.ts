import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelView } from '../../src/shared/protocol';

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

function zopoPanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('zopo.panel'));
}

/** Waits (at most 5 s) for the panel's tab: the workbench adds tabs asynchronously. */
async function waitForPanelTabs(): Promise<vscode.Tab[]> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const tabs = zopoPanelTabs();
    if (tabs.length) return tabs;
    await new Promise((r) => setTimeout(r, 100));
  }
  const all = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} (${t.input?.constructor.name ?? '-'})`);
  assert.fail(`no optimization panel tab; open tabs: ${all.join(', ')}`);
}

describe('commands', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Register Dataset remembers the dataset for Optimize Prompt', async () => {
    const data = workspaceFile('data', 'antonyms.jsonl');
    await vscode.commands.executeCommand('zopo.registerDataset', data);
    const doc = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt'));
    await vscode.window.showTextDocument(doc);
    const view = await vscode.commands.executeCommand<PanelView | undefined>('zopo.optimizePrompt');
    assert.ok(view, 'Optimize Prompt returned no view');
    assert.equal(view.dataset?.source, path.join('data', 'antonyms.jsonl'));
  });

  it('Optimize Prompt on a prompt file opens the panel with that prompt', async () => {
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    const doc = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt'));
    await vscode.window.showTextDocument(doc);
    const view = await vscode.commands.executeCommand<PanelView | undefined>('zopo.optimizePrompt');
    assert.ok(view);
    assert.equal(view.prompt.text, doc.getText());
    assert.equal(view.prompt.source, 'prompts/antonyms.prompt:1');
    assert.equal(view.title, 'ZOPO: antonyms.prompt');
    const tabs = await waitForPanelTabs();
    assert.equal(tabs.length, 1, 'expected exactly one optimization panel');
    assert.equal(tabs[0]?.label, 'ZOPO: antonyms.prompt');
  });

  it('Optimize Prompt takes the selection inside a source file', async () => {
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf('You are a careful');
    const end = doc.getText().indexOf('nothing else.') + 'nothing else.'.length;
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
    const view = await vscode.commands.executeCommand<PanelView | undefined>('zopo.optimizePrompt');
    assert.ok(view);
    assert.match(view.prompt.text, /^You are a careful lexicographer\.\nReply with the antonym/);
    assert.equal(view.prompt.source, 'src/antonyms.py:5');
  });
});
