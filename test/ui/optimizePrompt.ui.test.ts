/**
 * UI tests: a person's path through the real workbench (code-server in headless Chromium)
 * with the packaged .vsix installed. Screenshots of each key state go to test-results/ui/.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { loadDataset } from '../../src/core/data/datasetLoader';
import { startSandbox } from '../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../src/core/sandbox/sandboxTypes';
import { copyExampleWorkspace, installExtension, makeTempDir, repoRoot, type CodeServer } from '../harness/codeServer';
import { filesNamed, goToLine, openFile, panelFrame, pickQuickItem, runCommand, shots, useWorkbench, waitForChange, waitForFile, writeSettings } from './workbench';

const vsix = path.join(repoRoot, 'dist', 'zopo-prompt-optimizer.vsix');

describe('UI: Optimize Prompt in the workbench', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let page: Page;
  let workspace: string;

  useWorkbench('code-server', async () => {
    const extensionsDir = await makeTempDir('ext');
    await installExtension(vsix, extensionsDir);
    workspace = await copyExampleWorkspace();
    // 90 queries: long enough to reload the window in the middle of a run (the last test).
    await writeSettings(workspace, 90);
    return { workspace, extensionsDir };
  }, (w) => ({ server, page } = w));

  it('shows the ZOPO view container with the Runs view', async () => {
    await page.locator('.activitybar [aria-label^="ZOPO"]').first().click({ timeout: 30_000 });
    // A container with one view shows it under the container's title bar.
    await page.locator('.sidebar .composite.title', { hasText: /ZOPO: Runs/i }).waitFor({ timeout: 30_000 });
    await page.getByText('No optimization runs yet.').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, '1-runs-view.png') });
  });

  it('runs "Optimize Prompt" from F1 and follows the run in the panel to its optimized prompts', async () => {
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await pickQuickItem(page, 'Optimize Prompt: which prompt?', 'prompts/antonyms.prompt');
    await pickQuickItem(page, 'Optimize Prompt: which dataset?', 'data/antonyms.jsonl');
    await page.locator('.tab', { hasText: 'ZOPO: antonyms.prompt' }).waitFor({ timeout: 30_000 });
    const webview = panelFrame(page);
    await webview.locator('.badge-simulated').waitFor({ timeout: 30_000 });
    await webview.locator('.chart .uplot canvas').first().waitFor({ timeout: 60_000 });
    await webview.locator('table.candidates tbody tr').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(shots, '2-run-in-progress.png') });
    await webview.locator('.portfolio li').first().waitFor({ timeout: 120_000 });
    // The run's end (its prompts) and its status reach the panel in separate messages.
    await webview.locator('header .status', { hasText: 'done' }).waitFor({ timeout: 15_000 });
    // Each prompt leads with its held-out verdict; validation scores are the details.
    const verdict = await webview.locator('.portfolio .verdict').first().textContent();
    assert.match(verdict ?? '', /^better: \+\d\.\d\d on \d+ test examples, 95% CI \+\d\.\d\d\.\.\+\d\.\d\d$/);
    const scores = await webview.locator('.portfolio .scores').first().textContent();
    assert.match(scores ?? '', /^validation \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] on \d+ examples; [+-]\d\.\d\d vs yours on the same \d+ · test mean \d\.\d{3}$/);
    // Per-example results of an evaluated candidate, asked of the host on demand.
    await webview.locator('table.candidates tbody tr').first().locator('button.row-action', { hasText: 'Examples' }).click();
    await webview.locator('table.candidates tr.details', { hasText: /^\d+ of \d+ examples fully correct\./ }).waitFor({ timeout: 15_000 });
    // Sorting by a column header re-orders the rows in place.
    await webview.locator('table.candidates th', { hasText: /^#/ }).click();
    await webview.locator('table.candidates th', { hasText: '# ▼' }).waitFor({ timeout: 10_000 });
    const ids = (await webview.locator('table.candidates tbody tr:not(.details) td:first-child').allTextContents()).map(Number);
    assert.ok(ids.length > 1 && ids.every((id, i) => i === 0 || id < (ids[i - 1] as number)), `ids in descending order: ${ids.join(', ')}`);
    // The actions are themed @vscode-elements buttons, rendered under the panel's strict CSP.
    const apply = webview.locator('.portfolio li').first().locator('vscode-button', { hasText: 'Apply' });
    await apply.waitFor({ timeout: 10_000 });
    const box = await apply.boundingBox();
    assert.ok(box && box.width > 20 && box.height > 10, 'the Apply button is laid out');
    await apply.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, '3-optimized-prompts.png') });

    // The panel's own Apply: the prompt file gets the top prompt, shown in its editor; saved, it is on disk.
    const file = path.join(workspace, 'prompts', 'antonyms.prompt');
    const before = await fs.readFile(file, 'utf8');
    const top = (await webview.locator('.portfolio li').first().locator('pre.prompt').textContent()) ?? '';
    assert.notEqual(top.trim(), before.trim(), 'the top prompt differs from the original');
    await apply.click();
    await page.locator('.tab.active .label-name', { hasText: /^antonyms\.prompt$/ }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(shots, '3b-applied-from-panel.png') });
    await page.keyboard.press('Control+S');
    const after = await waitForChange(file, before);
    assert.equal(after.trim(), top.trim());
  });

  it('offers the held-out-better prompt as a Quick Fix titled with its test delta and interval', async () => {
    await openFile(page, 'antonyms.prompt', '1:1');
    await page.locator('.codelens-decoration', { hasText: /ZOPO: better — \+\d\.\d\d on \d+ test examples, 95% CI/ }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: /Replace — \+\d\.\d\d on \d+ test examples, 95% CI \+\d\.\d\d\.\.\+\d\.\d\d \(simulated\)/ });
    await fix.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(shots, '5-quick-fix.png') });
    await page.keyboard.press('Escape');
  });

  it('optimizes the TypeScript literal at the cursor and, with no reliable improvement, offers no replacement', async () => {
    const file = path.join(workspace, 'src', 'antonyms.ts');
    const before = await fs.readFile(file, 'utf8');
    await openFile(page, 'antonyms.ts', '7:30');
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await page.locator('.tab', { hasText: 'ZOPO: antonyms.ts' }).waitFor({ timeout: 30_000 });
    const webview = panelFrame(page);
    await webview.locator('.portfolio li').first().waitFor({ timeout: 120_000 });
    await webview.locator('canvas.pool-map').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, '4-literal-run-done.png') });

    await page.locator('.tab', { hasText: 'antonyms.ts' }).first().click();
    // The fixture's literal is already about as good as the simulated model allows: the CodeLens
    // says so, and the Quick Fix menu has Diff and Copy but no replacement.
    await page.locator('.codelens-decoration', { hasText: /ZOPO: no reliable improvement — best [+-]\d\.\d\d on \d+ test examples, 95% CI/ }).waitFor({ timeout: 20_000 });
    await goToLine(page, '7:30');
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.filter({ hasText: /Preview optimized prompt \(diff\) — no reliable improvement/ }).waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: /Copy optimized prompt — no reliable improvement/ }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: path.join(shots, '5b-no-reliable-improvement.png') });
    const titles = await rows.allTextContents();
    assert.ok(!titles.some((t) => t.includes('Replace —')), `no replacement is offered: ${titles.join(' | ')}`);
    await page.keyboard.press('Escape');
    assert.equal(await fs.readFile(file, 'utf8'), before, 'the file is unchanged');
  });

  it('picks a run up again after the window reloads in the middle of it', async () => {
    // The first test ran this prompt already: its answers in the runs' shared LLM cache would
    // finish this run at once, and this test is about a reload in the middle of one.
    for (const f of await filesNamed(server.userDataDir, 'llm-cache.jsonl')) if (path.basename(path.dirname(f)) === 'cache') await fs.rm(f);
    await openFile(page, 'antonyms.prompt');
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await page.locator('.tab', { hasText: 'ZOPO: antonyms.prompt' }).waitFor({ timeout: 30_000 });
    // This run's own progress (the panel showed the previous run until now), some way in.
    await panelFrame(page).locator('dl.stats dd', { hasText: /^([3-9]|[1-8]\d) \/ 90$/ }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tab', { hasText: 'ZOPO: antonyms.prompt' }).waitFor({ timeout: 60_000 });
    const webview = panelFrame(page);
    await webview.locator('header .status', { hasText: 'done' }).waitFor({ timeout: 180_000 });
    const queries = await webview.locator('dl.stats dd').nth(1).textContent();
    assert.equal(queries, '90 / 90');
    await page.screenshot({ path: path.join(shots, '6-resumed-after-reload.png') });
  });

  it('deletes a run from the Runs view after a modal confirmation, files and all', async () => {
    const runDirs = async (): Promise<string[]> => (await filesNamed(server.userDataDir, 'run.json')).map((f) => path.dirname(f));
    const dirsBefore = await runDirs();
    assert.ok(dirsBefore.length >= 3, `the earlier tests left runs (found ${dirsBefore.length})`);
    const title = page.locator('.sidebar .composite.title', { hasText: /ZOPO: Runs/i });
    if (!(await title.isVisible())) await page.locator('.activitybar [aria-label^="ZOPO"]').first().click();
    const runs = page.locator('.sidebar .monaco-list-row[aria-level="1"]');
    await runs.first().waitFor({ timeout: 30_000 });
    const rowsBefore = await runs.count();
    assert.equal(rowsBefore, dirsBefore.length, 'one row per run directory');
    const dialog = page.locator('.monaco-dialog-box');
    // The context menu ignores a click that lands while it is still opening: hover first, and
    // open it again (at most three times) if no dialog follows.
    for (let attempt = 1; !(await dialog.isVisible()); attempt++) {
      await runs.first().click({ button: 'right' });
      const item = page.locator('.context-view .action-item', { hasText: 'Delete Run' });
      await item.hover({ timeout: 10_000 });
      await item.click();
      try {
        await dialog.waitFor({ timeout: 3_000 });
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    assert.match((await dialog.textContent()) ?? '', /Delete the run of .+ and all its files\?/);
    await page.screenshot({ path: path.join(shots, '7-delete-run.png') });
    await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
    for (const deadline = Date.now() + 15_000; (await runs.count()) !== rowsBefore - 1; await page.waitForTimeout(200)) {
      if (Date.now() > deadline) throw new Error(`the Runs view still shows ${await runs.count()} runs`);
    }
    const dirsAfter = await runDirs();
    assert.equal(dirsAfter.length, dirsBefore.length - 1);
    assert.ok(dirsAfter.every((d) => dirsBefore.includes(d)), 'only the chosen run went');
  });
});

describe('UI: an API key set in the editor', function () {
  this.timeout(180_000);
  const key = 'sk-zopo-ui-test-7f3a9c1e5b2d8064SECRET';
  let server: CodeServer;
  let page: Page;
  let sandbox: SandboxHandle;
  let workspace: string;

  useWorkbench('code-server-api-key', async () => {
    workspace = await copyExampleWorkspace();
    const data = await loadDataset(path.join(workspace, 'data', 'antonyms.jsonl'));
    sandbox = await startSandbox({ datasets: [{ name: 'antonyms', items: data.examples.map((e) => ({ input: e.inputs.input ?? '', output: e.output })) }] });
    // The openai provider against a loopback OpenAI-compatible server: the real client path, with the key.
    await fs.mkdir(path.join(workspace, '.vscode'), { recursive: true });
    await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
      'zopo.provider': 'openai', 'zopo.baseUrl': sandbox.baseUrl, 'zopo.model': 'sandbox', 'zopo.embeddingModel': 'sandbox-embedding',
      'zopo.budget': 12, 'zopo.validationSize': 5,
    }));
    const extensionsDir = await makeTempDir('ext');
    await installExtension(vsix, extensionsDir);
    return { workspace, extensionsDir };
  }, (w) => ({ server, page } = w));

  after(async () => {
    await sandbox?.close();
  });

  it('is used for requests but never lands in settings, logs or run files', async () => {
    await runCommand(page, 'ZOPO: Set API Key');
    const box = page.locator('.quick-input-widget input[type="password"]');
    await box.waitFor({ timeout: 15_000 });
    await box.fill(key);
    await page.keyboard.press('Enter');
    await openFile(page, 'antonyms.prompt');
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await pickQuickItem(page, 'Optimize Prompt: which dataset?', 'data/antonyms.jsonl');
    await panelFrame(page).locator('.portfolio li').first().waitFor({ timeout: 120_000 });
    assert.ok(sandbox.stats.requests.chat > 0, 'the run went through the OpenAI-compatible endpoint');
    const leaks = [...(await filesContaining(server.userDataDir, key)), ...(await filesContaining(workspace, key))];
    if (server.output().includes(key)) leaks.push('code-server output');
    assert.deepEqual(leaks, [], 'the key was found on disk or in the logs');
  });
});

/** Whether `text` is a whole JSON object whose `key` is `value`. */
function parsesTo(text: string, key: string, value: unknown): boolean {
  try {
    return (JSON.parse(text) as Record<string, unknown>)[key] === value;
  } catch {
    return false;
  }
}

/** Files under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await fs.readFile(file)).includes(needle)) found.push(file);
  }
  return found;
}

describe('UI: a chat model the editor already has (Language Model API)', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let page: Page;
  let workspace: string;

  useWorkbench('code-server-language-model', async () => {
    // The fake chat model of the extension-host suite (built to out/test/fake-lm), installed
    // beside the .vsix and allowed the proposed API it registers its model with.
    const extensionsDir = await makeTempDir('ext');
    await fs.cp(path.join(repoRoot, 'out', 'test', 'fake-lm'), path.join(extensionsDir, 'zopo-test.fake-lm-0.0.1'), { recursive: true });
    await installExtension(vsix, extensionsDir);
    workspace = await copyExampleWorkspace();
    await writeSettings(workspace, 12);
    return { workspace, extensionsDir, enableProposedApi: ['zopo-test.fake-lm'] };
  }, (w) => ({ server, page } = w));

  it('is chosen from a list with "Choose Chat Model", asked about its unknown price once, and runs real (not simulated) optimizations', async () => {
    await runCommand(page, 'Register the fake chat model');
    await runCommand(page, 'ZOPO: Choose Chat Model');
    await pickQuickItem(page, 'ZOPO: which chat model?', 'Fake antonyms');
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    // Two settings, two writes, each of which can be read half-done: wait for the family.
    const text = await waitForFile(settingsFile, (t) => parsesTo(t, 'zopo.languageModelFamily', 'fake-antonyms'), 'the chosen model saved in the workspace settings');
    const settings = JSON.parse(text) as Record<string, unknown>;
    assert.equal(settings['zopo.provider'], 'vscode-lm');
    assert.equal(settings['zopo.languageModelFamily'], 'fake-antonyms');

    await openFile(page, 'antonyms.prompt');
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await pickQuickItem(page, 'Optimize Prompt: which dataset?', 'data/antonyms.jsonl');
    // No price is known for an editor's model: with the default money limit, ZOPO asks first.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match((await dialog.textContent()) ?? '', /no price is known for fake-antonyms, so your money limit \(zopo\.maxCostUsd\) cannot be checked/);
    await page.screenshot({ path: path.join(shots, '8-language-model-cost-question.png') });
    await dialog.locator('.monaco-button', { hasText: /^Always Start with / }).click();
    const webview = panelFrame(page);
    await webview.locator('.portfolio li').first().waitFor({ timeout: 120_000 });
    await webview.locator('header .status', { hasText: 'done' }).waitFor({ timeout: 15_000 });
    assert.equal(await webview.locator('.badge-simulated').count(), 0, 'a real model\'s results are not labelled simulated');
    await page.screenshot({ path: path.join(shots, '9-language-model-run.png') });

    // The answer holds for this model: the next run starts without the question.
    const runStatuses = async (): Promise<string[]> => {
      const statuses: string[] = [];
      for (const file of await filesNamed(server.userDataDir, 'run.json')) statuses.push((JSON.parse(await fs.readFile(file, 'utf8')) as { status?: string }).status ?? '?');
      return statuses;
    };
    const doneRuns = async (): Promise<number> => (await runStatuses()).filter((s) => s === 'done').length;
    const before = await doneRuns();
    // With the panel closed, the prompt file's editor is the active one.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'antonyms.prompt');
    await runCommand(page, 'ZOPO: Optimize Prompt'); // the dataset picked the first time is registered now
    for (const deadline = Date.now() + 120_000; (await doneRuns()) === before; await page.waitForTimeout(250)) {
      assert.equal(await dialog.isVisible(), false, 'no question about the price the second time');
      if (Date.now() > deadline) throw new Error(`the second run did not finish (runs: ${(await runStatuses()).join(', ')})`);
    }
  });
});
