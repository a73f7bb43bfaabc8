import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { heldOutSummary, recommendedPrompt } from '../../src/core/eval/verdictText';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { RunIndex } from '../../src/editor/runIndex';
import { RunsTreeProvider, type RunsTreeNode } from '../../src/editor/runsTree';
import { useSandboxRuns, useSmallSandboxRuns, waitFor, workspaceFile } from './workspace';

describe('Runs view actions on a finished run', function () {
  this.timeout(120_000);
  const prompt = workspaceFile('prompts', 'antonyms.prompt');
  const log = vscode.window.createOutputChannel('ZOPO test', { log: true });
  let result: RunResult;
  let index: RunIndex;
  let tree: RunsTreeProvider;
  let original: string;

  /** The tree's node for `runDir` and its returned prompts. */
  async function nodesOf(runDir: string): Promise<{ run: RunsTreeNode; prompts: RunsTreeNode[] }> {
    await index.refresh();
    const run = (await tree.getChildren()).find((n) => n.run.dir === runDir);
    assert.ok(run, `the Runs view lists ${runDir}`);
    return { run, prompts: await tree.getChildren(run) };
  }

  before(async () => {
    // Enough budget for the simulated model to find a prompt the held-out test calls better.
    await useSandboxRuns(30, 10);
    original = await fs.readFile(prompt.fsPath, 'utf8');
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(prompt));
    const done = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.equal(done?.status, 'done');
    result = done;
    index = new RunIndex(() => vscode.Uri.file(path.dirname(result.runDir)), log);
    tree = new RunsTreeProvider(index, () => false);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    tree.dispose();
    index.dispose();
    log.dispose();
    await fs.writeFile(prompt.fsPath, original);
    await useSmallSandboxRuns();
  });

  it('diffs a returned prompt against the prompt file, changing nothing', async () => {
    const first = (await nodesOf(result.runDir)).prompts.find((n) => n.kind === 'prompt' && n.entry.text !== original);
    assert.ok(first?.kind === 'prompt', 'the run returned a prompt other than the original');
    await vscode.commands.executeCommand('zopo.diffRunPrompt', first);
    const tab = await waitFor('the diff tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), prompt.toString());
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), first.entry.text);
    const doc = await vscode.workspace.openTextDocument(prompt);
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), original);
  });

  it('applies a returned prompt the held-out test calls better to the prompt file as one undoable edit', async () => {
    // Any such prompt, not just the first (one that is not better asks for a confirmation first).
    const better = (await nodesOf(result.runDir)).prompts.filter((n) => n.kind === 'prompt' && n.entry.test?.verdict === 'better');
    const second = better[1] ?? better[0];
    assert.ok(second?.kind === 'prompt', 'the run returned a prompt the held-out test calls better');
    await vscode.commands.executeCommand('zopo.applyRunPrompt', second);
    const doc = await vscode.workspace.openTextDocument(prompt);
    assert.equal(doc.getText(), second.entry.text);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), prompt.toString(), 'the changed prompt is shown');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo restores the file');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('puts the held-out result above the prompt in a CodeLens', async () => {
    const { run } = await nodesOf(result.runDir);
    const r = run.run.record;
    assert.ok(r.testExamples !== undefined && r.testExamples > 0, 'the record says how many test examples were scored');
    const best = recommendedPrompt(result.portfolio);
    assert.ok(best?.test !== undefined, 'a prompt is better on the held-out test');
    assert.equal(best.test.pairedExamples, r.testExamples, 'paired on every test example');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', prompt);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const expected = `ZOPO: better — ${heldOutSummary(best.test)} · simulated`;
    assert.ok(titles.includes(expected), `lenses: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Optimize'));
  });

  it('copies a prompt offered by a Quick Fix to the clipboard', async () => {
    await vscode.commands.executeCommand('zopo.copySuggestion', 'Give the antonym.\nOne word.');
    assert.equal(await vscode.env.clipboard.readText(), 'Give the antonym.\nOne word.');
  });

  it('optimizes a prompt again from its CodeLens target, as a new run', async () => {
    const { run } = await nodesOf(result.runDir);
    assert.ok(run.run.target, 'the run knows where its prompt lives');
    const before = (await tree.getChildren()).length;
    await vscode.commands.executeCommand('zopo.optimizeTarget', run.run.target);
    await index.refresh();
    const runs = await tree.getChildren();
    assert.equal(runs.length, before + 1);
    const newest = runs.find((n) => n.run.dir !== result.runDir && n.run.record.promptSource === run.run.record.promptSource && n.run.record.createdAt > run.run.record.createdAt);
    assert.ok(newest, 'a newer run of the same prompt');
    assert.equal(newest.run.record.status, 'done');
  });
});
