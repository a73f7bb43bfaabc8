import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunIndex } from '../../src/editor/runIndex';
import { RunsTreeProvider, type RunsTreeNode } from '../../src/editor/runsTree';
import { waitFor, zopoPanelTabs } from './workspace';

const better = { delta: 0.31, interval: [0.15, 0.45], pValue: 0.001, adjustedP: 0.002, verdict: 'better', pairedExamples: 100, method: 'mcnemar-exact' };
const unsure = { delta: 0.15, interval: [-0.02, 0.3], pValue: 0.08, adjustedP: 0.08, verdict: 'no reliable difference', pairedExamples: 100, method: 'mcnemar-exact', examplesNeeded: 340 };

/** A run record; the finished one carries held-out verdicts, the cut-off one (an older record) none. */
function record(id: string, status: string, createdAt: string): object {
  const tests = status === 'done' ? [better, unsure] : [undefined, undefined];
  return {
    id, createdAt, status, promptSource: `prompts/${id}.prompt:1`, datasetSource: 'data/a.jsonl', simulated: true,
    originalScore: 0.4, bestScore: 0.7, originalTestScore: 0.35,
    portfolio: [{ text: 'Give the antonym.\nOne word only.', score: 0.7, testScore: 0.66, test: tests[0] }, { text: 'Opposite, please.', score: 0.6, testScore: 0.5, test: tests[1] }],
  };
}

describe('Runs view', () => {
  let root: string;
  let index: RunIndex;
  let tree: RunsTreeProvider;
  const log = vscode.window.createOutputChannel('ZOPO test', { log: true });

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'zopo-tree-'));
    for (const [id, status, at] of [['done-run', 'done', '2026-01-02T00:00:00Z'], ['cut-run', 'running', '2026-01-03T00:00:00Z']] as const) {
      await fs.mkdir(path.join(root, id));
      await fs.writeFile(path.join(root, id, 'run.json'), JSON.stringify(record(id, status, at)));
      await fs.writeFile(path.join(root, id, 'editor-target.json'), JSON.stringify({ kind: 'file', uri: `file:///w/${id}.prompt`, text: 'x' }));
    }
    index = new RunIndex(() => vscode.Uri.file(root), log);
    tree = new RunsTreeProvider(index, () => false);
  });

  after(async () => {
    tree.dispose();
    index.dispose();
    log.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lists runs newest first with status, held-out verdict (validation for an untested run) and simulated label; a run nobody drives shows as interrupted', async () => {
    const runs = await tree.getChildren();
    const items = runs.map((n) => tree.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.label), ['prompts/cut-run.prompt:1', 'prompts/done-run.prompt:1']);
    assert.equal(items[0]?.description, 'interrupted · validation 0.40 → 0.70 · simulated');
    assert.equal(items[0]?.contextValue, 'run.interrupted.placed', 'an interrupted run offers Resume');
    assert.equal(items[1]?.description, 'done · better +0.31 (95% CI +0.15..+0.45) · simulated');
  });

  it('has the returned prompts as children, led by their held-out verdicts', async () => {
    const [, done] = await tree.getChildren();
    const children = await tree.getChildren(done as RunsTreeNode);
    const items = children.map((n) => tree.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.label), ['#1 Give the antonym.', '#2 Opposite, please.']);
    assert.equal(items[0]?.description, 'better: +0.31 on 100 test examples, 95% CI +0.15..+0.45 · validation 0.70');
    assert.equal(items[1]?.description, 'no reliable difference: +0.15 on 100 test examples, 95% CI -0.02..+0.30 · validation 0.60');
    assert.equal(items[0]?.contextValue, 'portfolioPrompt.placed');
  });

  it('copies a returned prompt and opens a past run in the panel from the tree', async () => {
    const [, done] = await tree.getChildren();
    const [first] = await tree.getChildren(done as RunsTreeNode);
    await vscode.commands.executeCommand('zopo.copyRunPrompt', first);
    assert.equal(await vscode.env.clipboard.readText(), 'Give the antonym.\nOne word only.');
    await vscode.commands.executeCommand('zopo.openRun', done);
    const tab = await waitFor('the panel tab', () => zopoPanelTabs()[0]);
    assert.equal(tab.label, 'ZOPO: done-run.prompt');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the runs folder when it is refreshed', async () => {
    await fs.rm(path.join(root, 'cut-run'), { recursive: true });
    const changed = new Promise<void>((resolve) => tree.onDidChangeTreeData(() => resolve()));
    tree.refresh();
    await changed;
    assert.equal((await tree.getChildren()).length, 1);
  });
});
