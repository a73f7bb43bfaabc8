import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { useSmallSandboxRuns, waitFor, workspaceFile, zopoPanelTabs } from './workspace';

describe('Optimize Prompt', function () {
  this.timeout(120_000);

  before(async () => {
    await useSmallSandboxRuns();
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('optimizes a prompt file on the sandbox and shows the run in the panel', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt'));
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result, 'Optimize Prompt returned no result');
    assert.equal(result.status, 'done');
    assert.equal(result.simulated, true);
    assert.equal(result.original.text, doc.getText());
    assert.ok(result.portfolio.length > 0, 'no optimized prompts');
    assert.ok(result.queries <= 12, `spent ${result.queries} queries of 12`);
    assert.ok(result.portfolio.every((p) => p.testScore !== undefined), 'portfolio prompts carry held-out test scores');
    const record = JSON.parse(readFileSync(path.join(result.runDir, 'run.json'), 'utf8')) as { status: string; promptSource: string };
    assert.equal(record.status, 'done');
    // The answers go to the cache runs share, beside the runs folder, not into the run directory.
    const shared = path.resolve(path.dirname(result.runDir), '..', 'cache', 'llm-cache.jsonl');
    assert.deepEqual((JSON.parse(readFileSync(path.join(result.runDir, 'cache.json'), 'utf8')) as { files: string[] }).files, [shared]);
    assert.ok(statSync(shared).size > 0, 'the shared cache holds the answers');
    assert.ok(!existsSync(path.join(result.runDir, 'llm-cache.jsonl')));
    const tabs = await waitFor('the panel tab', () => (zopoPanelTabs().length ? zopoPanelTabs() : undefined));
    assert.equal(tabs[0]?.label, 'ZOPO: antonyms.prompt');
  });

  it('takes the selection inside a source file as the prompt', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf('You are a careful');
    const end = doc.getText().indexOf('nothing else.') + 'nothing else.'.length;
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result);
    assert.match(result.original.text, /^You are a careful lexicographer\.\nReply with the antonym/);
    assert.ok(existsSync(path.join(result.runDir, 'editor-target.json')));
  });

  it('with zopo.useSharedCache off, asks again and leaves the shared cache alone, caching in the run only', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt'));
    await vscode.window.showTextDocument(doc);
    const first = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.equal(first?.status, 'done');
    const shared = path.resolve(path.dirname(first.runDir), '..', 'cache', 'llm-cache.jsonl');
    const sharedBytes = statSync(shared).size;
    await config.update('useSharedCache', false, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.window.showTextDocument(doc);
      const again = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
      assert.equal(again?.status, 'done');
      // The same run again: with the shared cache it would send nothing; without, every answer is asked anew.
      assert.ok(again.usage.requests > 0, `requests sent: ${again.usage.requests}`);
      const own = path.join(again.runDir, 'llm-cache.jsonl');
      assert.deepEqual((JSON.parse(readFileSync(path.join(again.runDir, 'cache.json'), 'utf8')) as { files: string[] }).files, [own]);
      assert.ok(statSync(own).size > 0, 'the run caches for its own resume');
      assert.equal(statSync(shared).size, sharedBytes, 'the shared cache is not written');
    } finally {
      await config.update('useSharedCache', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
