/**
 * The UI tests' way through the workbench: code-server and Chromium per describe block, and the
 * palette, Quick Open and quick picks driven as a person would, each step waiting (bounded) for
 * what the next one needs.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { repoRoot, startCodeServer, type CodeServer, type CodeServerOptions } from '../harness/codeServer';

/** Where screenshots and server logs go. */
export const shots = path.join(repoRoot, 'test-results', 'ui');

/** Files named `name` anywhere under `dir`. */
export async function filesNamed(dir: string, name: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name === name).map((e) => path.join(e.parentPath, e.name));
}

/** Waits (bounded) until `accept` holds for a file's content on disk, and returns that content. */
export async function waitForFile(file: string, accept: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let last = '';
  for (;;) {
    last = await fs.readFile(file, 'utf8');
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`${file}: waited 15 s for ${what}; last read: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits (bounded) for a file on disk to differ from `before` and to have finished changing: the
 * editor's save can be read half-written, so the same new content must be read twice, 200 ms apart.
 */
export async function waitForChange(file: string, before: string): Promise<string> {
  let previous: string | undefined;
  return waitForFile(file, (text) => {
    const settled = text !== before && text === previous;
    previous = text;
    return settled;
  }, 'a change that stays');
}

export interface Workbench {
  readonly server: CodeServer;
  readonly page: Page;
}

/**
 * Registers a describe block's hooks: before, `prepare` (workspace, extensions) then code-server
 * and a Chromium page on its workbench, handed to `ready`; after a failed test, a screenshot
 * named after it; at the end, both closed and the server's output kept as `<log>.log`.
 */
export function useWorkbench(log: string, prepare: () => Promise<CodeServerOptions>, ready: (w: Workbench) => void): void {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  before(async () => {
    await fs.mkdir(shots, { recursive: true });
    server = await startCodeServer(await prepare());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server);
    ready({ server, page });
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const name = (this.currentTest.title || 'failure').replace(/\W+/g, '-');
    await page?.screenshot({ path: path.join(shots, `FAILED-${name}.png`) }).catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await fs.writeFile(path.join(shots, `${log}.log`), server.output());
  });
}

/** Opens the workbench and waits until it is usable: the extension's activity-bar entry is there. */
async function openWorkbench(page: Page, server: CodeServer): Promise<void> {
  await page.goto(server.workbenchUrl(), { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="ZOPO"]').first().waitFor({ timeout: 60_000 });
  // Focus the workbench (an empty editor area) so that keyboard shortcuts reach it.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
}

/** Short runs on the offline sandbox model keep the tests quick. */
export async function writeSettings(workspace: string, budget: number): Promise<void> {
  await fs.mkdir(path.join(workspace, '.vscode'), { recursive: true });
  await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'zopo.provider': 'sandbox', 'zopo.budget': budget, 'zopo.validationSize': 5 }));
}

export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export async function openFile(page: Page, name: string, lineColumn?: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(name);
  // Enter opens the focused row: wait until the filtered list has put the file there.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active .label-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }).waitFor({ timeout: 15_000 });
  if (lineColumn) await goToLine(page, lineColumn);
}

/** Moves the cursor with Quick Open's `:line:column`. */
export async function goToLine(page: Page, lineColumn: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`:${lineColumn}`);
  // Quick Open lists recent files first: Enter goes to the line only once its row is there.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: `Go to line ${lineColumn.split(':')[0]}` }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar', { hasText: `Ln ${lineColumn.split(':')[0]}, Col ${lineColumn.split(':')[1]}` }).waitFor({ timeout: 10_000 });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  // Enter runs the focused row. The palette first lists recently used commands, so a row with
  // this title can be on screen before the filter has applied and another command has the focus.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function pickQuickItem(page: Page, title: string, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-widget input').fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}
