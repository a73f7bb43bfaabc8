/**
 * UI tests: a person's path through the real workbench (code-server in headless Chromium)
 * with the packaged .vsix installed. Screenshots of each key state go to test-results/ui/.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { copyExampleWorkspace, installExtension, makeTempDir, repoRoot, startCodeServer, type CodeServer } from '../harness/codeServer';

const vsix = path.join(repoRoot, 'dist', 'zopo-prompt-optimizer.vsix');
const shots = path.join(repoRoot, 'test-results', 'ui');

describe('UI: Optimize Prompt in the workbench', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await fs.mkdir(shots, { recursive: true });
    const extensionsDir = await makeTempDir('ext');
    await installExtension(vsix, extensionsDir);
    const workspace = await copyExampleWorkspace();
    // A short run on the offline sandbox model keeps the test quick.
    await fs.mkdir(path.join(workspace, '.vscode'), { recursive: true });
    await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'zopo.provider': 'sandbox', 'zopo.budget': 24, 'zopo.validationSize': 5 }));
    server = await startCodeServer({ workspace, extensionsDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.workbenchUrl(), { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const name = (this.currentTest.title || 'failure').replace(/\W+/g, '-');
      await page?.screenshot({ path: path.join(shots, `FAILED-${name}.png`) }).catch(() => undefined);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

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
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('.badge-simulated').waitFor({ timeout: 30_000 });
    await webview.locator('.chart .uplot canvas').first().waitFor({ timeout: 60_000 });
    await webview.locator('table.candidates tbody tr').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(shots, '2-run-in-progress.png') });
    await webview.locator('.portfolio li').first().waitFor({ timeout: 120_000 });
    const status = await webview.locator('header .status').textContent();
    assert.equal(status, 'done');
    const scores = await webview.locator('.portfolio .scores').first().textContent();
    assert.match(scores ?? '', /^validation \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] on \d+ examples · test \d\.\d{3}$/);
    await page.screenshot({ path: path.join(shots, '3-optimized-prompts.png') });
  });
});

async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function pickQuickItem(page: Page, title: string, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-widget input').fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}
