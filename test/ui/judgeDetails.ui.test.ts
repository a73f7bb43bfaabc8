/**
 * UI test: a free-text dataset graded by the LLM judge (the sandbox's simulated one). The
 * panel's per-example details show, for each reply below full marks, the judge's reasoning.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { copyExampleWorkspace, installExtension, makeTempDir, repoRoot } from '../harness/codeServer';
import { panelFrame, pickQuickItem, runCommand, shots, useWorkbench, waitForFile } from './workbench';

const vsix = path.join(repoRoot, 'dist', 'zopo-prompt-optimizer.vsix');

describe('UI: the LLM judge in the panel', function () {
  this.timeout(180_000);
  let page: Page;
  let settingsFile: string;

  useWorkbench('code-server-judge', async () => {
    const extensionsDir = await makeTempDir('ext');
    await installExtension(vsix, extensionsDir);
    const workspace = await copyExampleWorkspace('support-replies');
    await fs.mkdir(path.join(workspace, '.vscode'), { recursive: true });
    settingsFile = path.join(workspace, '.vscode', 'settings.json');
    await fs.writeFile(settingsFile, JSON.stringify({ 'zopo.provider': 'sandbox', 'zopo.budget': 12, 'zopo.validationSize': 5, 'zopo.judgeModel': 'sandbox-judge' }));
    return { workspace, extensionsDir };
  }, (w) => ({ page } = w));

  it('chooses the LLM judge and its rubric file with "ZOPO: Choose Metric"', async () => {
    await runCommand(page, 'ZOPO: Choose Metric');
    await pickQuickItem(page, 'ZOPO: how should outputs be scored?', 'judge (LLM judge)');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'ZOPO: the judge\'s rubric' }).waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-widget input').fill('rubric.md');
    await page.keyboard.press('Enter');
    const text = await waitForFile(settingsFile, (t) => t.includes('"zopo.metric": "judge"') && t.includes('"zopo.judgeRubric": "rubric.md"'), 'the judge in the settings');
    assert.match(text, /"zopo.judgeModel": "sandbox-judge"/);
  });

  it('shows the judge\'s reasoning in the per-example details of a candidate', async () => {
    await runCommand(page, 'ZOPO: Optimize Prompt');
    await pickQuickItem(page, 'Optimize Prompt: which prompt?', 'prompts/support.prompt');
    await pickQuickItem(page, 'Optimize Prompt: which dataset?', 'data/support.jsonl');
    await page.locator('.tab', { hasText: 'ZOPO: support.prompt' }).waitFor({ timeout: 30_000 });
    const webview = panelFrame(page);
    await webview.locator('header .status', { hasText: 'done' }).waitFor({ timeout: 120_000 });
    await webview.locator('details.setup summary').click();
    await webview.locator('details.setup dd', { hasText: 'judge (sandbox-judge, rubric)' }).waitFor({ timeout: 10_000 });
    // The first candidate with a reply below full marks (a perfect one has no reasoning to show).
    const graded = webview.locator('table.candidates tbody tr', { has: webview.locator('button.row-action', { hasText: 'Examples' }) }).filter({ hasNotText: '1.000' });
    await graded.first().locator('button.row-action', { hasText: 'Examples' }).click();
    const details = webview.locator('table.candidates tr.details');
    await details.locator('p.detail').first().waitFor({ timeout: 15_000 });
    const reasons = await details.locator('p.detail').allTextContents();
    assert.ok(reasons.length > 0, 'a reply below full marks is listed');
    for (const reason of reasons) assert.match(reason, /^judge: \(simulated judge\) The answer has \d+ of the reference's \d+ key words.*\(\d+\/10\)$/);
    const scores = await details.locator('ul.failures li').first().textContent();
    assert.match(scores ?? '', /\(score 0\.\d\d\)/, 'graded, with partial credit');
    await details.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, '8-judge-reasoning.png') });
  });
});
