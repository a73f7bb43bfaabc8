import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recordMeasurement } from '../harness/results';

const extensionId = 'zopo-dev.zopo-prompt-optimizer';
const core = ['zopo.optimizePrompt', 'zopo.registerPrompt', 'zopo.registerDataset', 'zopo.showPanel', 'zopo.setApiKey'];

function manifestCommands(): string[] {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext);
  const manifest = ext.packageJSON as { contributes: { commands: { command: string; category?: string }[] } };
  assert.ok(manifest.contributes.commands.every((c) => c.category === 'ZOPO'), 'every command has the ZOPO category');
  return manifest.contributes.commands.map((c) => c.command);
}

describe('activation', () => {
  it('is loaded and not active before any command runs', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is not loaded`);
    // Activation is by the contributed commands and views only, never on start-up.
    assert.equal(ext.isActive, false);
  });

  it('activates without error and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    const started = performance.now();
    await ext.activate();
    // Loading the bundle and running activate(), as the extension host does on the first command.
    recordMeasurement(`ext.activate() in the host, VS Code's own work included: ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(ext.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifestCommands();
    for (const id of core) assert.ok(contributed.includes(id), `${id} is not contributed`);
    for (const id of contributed) assert.ok(registered.has(id), `command ${id} is contributed but not registered`);
  });
});
