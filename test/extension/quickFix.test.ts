import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findPromptLiterals } from '../../src/core/literals/findPromptLiterals';
import { promises as fs } from 'node:fs';
import { heldOutSummary, recommendedPrompt } from '../../src/core/eval/verdictText';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { useSandboxRuns, useSmallSandboxRuns, waitFor, workspaceFile } from './workspace';

const wasmDir = vscode.Uri.joinPath(vscode.extensions.getExtension('zopo-dev.zopo-prompt-optimizer')!.extensionUri, 'dist', 'wasm').fsPath;

describe('optimized prompts back into the code', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
  });
  after(async () => {
    await useSmallSandboxRuns();
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
  });

  /** Optimizes the literal under the cursor (placed in `marker`) in src/antonyms.ts. */
  async function optimizeLiteral(marker: string): Promise<{ doc: vscode.TextDocument; cursor: vscode.Position; result: RunResult }> {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    const cursor = doc.positionAt(doc.getText().indexOf(marker) + 2);
    editor.selection = new vscode.Selection(cursor, cursor);
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result && result.status === 'done');
    return { doc, cursor, result };
  }

  const titlesAt = async (doc: vscode.TextDocument, cursor: vscode.Position): Promise<vscode.CodeAction[]> =>
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(cursor, cursor))).filter((a) => /optimized prompt|^Replace —/.test(a.title));

  it('optimizes the template literal under the cursor and replaces it through the Quick Fix titled with the held-out evidence', async () => {
    // The fixture's prompt is already about as good as the simulated model allows (no prompt beats
    // it reliably): start from a weak one, with enough budget to find a held-out improvement.
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.ts'));
    const fixture = doc.getText();
    await setText(doc, fixture.replace('Give the opposite of the word below. Answer with one word only.', 'Reply to the word below.'));
    let runDir: string | undefined;
    try {
      await useSandboxRuns(30, 10);
      runDir = await replaceWeakPrompt();
    } finally {
      await setText(doc, fixture);
      // The run followed the literal; it must not offer its prompts to the next test's run.
      if (runDir !== undefined) await fs.rm(runDir, { recursive: true, force: true });
      await vscode.commands.executeCommand('zopo.refreshRuns');
    }
  });

  /** Replaces the whole document and saves it, so the run reads the same text. */
  async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
  }

  async function replaceWeakPrompt(): Promise<string> {
    const { doc, cursor, result } = await optimizeLiteral('Reply to the word');
    assert.equal(result.original.text, 'Reply to the word below.\nWord: ${word}');
    const best = recommendedPrompt(result.portfolio);
    assert.ok(best?.test !== undefined, `a prompt is better on the held-out test: ${JSON.stringify(result.portfolio.map((p) => p.test?.verdict))}`);
    assert.ok(best.text.includes('${word}'), 'the optimized prompt keeps the template variable');

    const actions = await waitFor('the Quick Fix', async () => {
      const ours = (await titlesAt(doc, cursor)).filter((a) => a.title.startsWith('Replace —'));
      return ours.length ? ours : undefined;
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.command, 'the best prompt is the preferred Quick Fix');
    assert.equal(preferred.title, `Replace — ${heldOutSummary(best.test)} (simulated)`);
    assert.match(preferred.title, /^Replace — \+\d\.\d\d on \d+ test examples, 95% CI \+\d\.\d\d\.\.\+\d\.\d\d \(simulated\)$/);
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
    assert.ok(doc.getText().includes('Reply to the word below.'), 'one undo restores the original');
    await doc.save();
    return result.runDir;
  }

  it('offers no replacement when the held-out test shows no reliable improvement; Diff and Copy stay', async () => {
    // Five held-out examples can never show a difference at the 5% level (exact McNemar: p >= 1/16).
    const rows = (await fs.readFile(workspaceFile('data', 'antonyms.jsonl').fsPath, 'utf8')).split('\n').filter((l) => l !== '').slice(0, 25);
    const tiny = workspaceFile('data', 'tiny.jsonl');
    await fs.writeFile(tiny.fsPath, rows.join('\n') + '\n');
    try {
      await useSmallSandboxRuns();
      await vscode.commands.executeCommand('zopo.registerDataset', tiny);
      const { doc, cursor, result } = await optimizeLiteral('Give the opposite');
      assert.equal(recommendedPrompt(result.portfolio), undefined);
      const titles = await waitFor('the Quick Fixes of the new run', async () => {
        const t = (await titlesAt(doc, cursor)).map((a) => a.title);
        return t.some((x) => x.includes('no reliable improvement')) ? t : undefined;
      });
      assert.ok(!titles.some((t) => t.startsWith('Replace')), `no replacement is offered: ${titles.join(' | ')}`);
      assert.ok(titles.some((t) => t.startsWith('Preview optimized prompt (diff) — no reliable improvement')), titles.join(' | '));
      assert.ok(titles.some((t) => t.startsWith('Copy optimized prompt — no reliable improvement')), titles.join(' | '));
    } finally {
      await fs.rm(tiny.fsPath, { force: true });
    }
  });
});
