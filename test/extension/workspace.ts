import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A file of the test workspace (a temporary copy of examples/antonyms). */
export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Small, fast runs on the sandbox provider for every test of this suite. */
export async function useSmallSandboxRuns(): Promise<void> {
  await useSandboxRuns(12, 5);
}

/**
 * Sandbox runs with `budget` queries of `validationSize` examples: tests that need a prompt the
 * held-out test calls better use a budget large enough for the simulated model to find one.
 */
export async function useSandboxRuns(budget: number, validationSize: number): Promise<void> {
  const config = vscode.workspace.getConfiguration('zopo');
  await config.update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
  await config.update('budget', budget, vscode.ConfigurationTarget.Workspace);
  await config.update('validationSize', validationSize, vscode.ConfigurationTarget.Workspace);
}

/** Waits (bounded) until `probe` returns a value. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function zopoPanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('zopo.panel'));
}
