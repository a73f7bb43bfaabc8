import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findPromptLiterals } from '../../src/core/literals/findPromptLiterals';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { useSmallSandboxRuns, waitFor, workspaceFile } from './workspace';

const wasmDir = vscode.Uri.joinPath(vscode.extensions.getExtension('zopo-dev.zopo-prompt-optimizer')!.extensionUri, 'dist', 'wasm').fsPath;

describe('optimized prompts back into the code', function () {
  this.timeout(120_000);

  before(async () => {
    await useSmallSandboxRuns();
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
  });

  it('optimizes the template literal under the cursor and replaces it through the Quick Fix', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    const cursor = doc.positionAt(doc.getText().indexOf('Give the opposite') + 5);
    editor.selection = new vscode.Selection(cursor, cursor);
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result && result.status === 'done');
    assert.equal(result.original.text, 'Give the opposite of the word below. Answer with one word only.\nWord: ${word}');
    const best = result.portfolio[0];
    assert.ok(best);
    assert.ok(best.text.includes('${word}'), 'the optimized prompt keeps the template variable');

    const actions = await waitFor('the Quick Fix', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(cursor, cursor));
      const ours = all.filter((a) => a.title.startsWith('Replace with optimized prompt'));
      return ours.length ? ours : undefined;
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.command, 'the best prompt is the preferred Quick Fix');
    assert.match(preferred.title, new RegExp(`— ${best.score.toFixed(2)} vs ${result.original.score.toFixed(2)} \\(simulated\\)$`));
    const args: unknown[] = preferred.command.arguments ?? [];
    await vscode.commands.executeCommand(preferred.command.command, ...args);

    const after = doc.getText();
    const literals = await findPromptLiterals(after, 'typescript', { wasmDir });
    const replaced = literals.find((l) => l.bindingName === 'prompt');
    assert.equal(replaced?.value, best.text, 'the literal now holds the optimized prompt');
    assert.equal(replaced?.kind, 'js-template');
    assert.ok(after.includes('reply.choices[0]?.message.content'), 'the rest of the file is untouched');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.ok(doc.getText().includes('Give the opposite of the word below.'), 'one undo restores the original');
  });
});
