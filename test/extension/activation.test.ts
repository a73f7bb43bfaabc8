import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'zopo-dev.zopo-prompt-optimizer';
const contributed = ['zopo.optimizePrompt', 'zopo.registerPrompt', 'zopo.registerDataset', 'zopo.showPanel', 'zopo.refreshRuns', 'zopo.setApiKey'];

describe('activation', () => {
  it('is installed and not active before any command runs', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is not loaded`);
    // Activation is by the contributed commands and views only, never on start-up.
    assert.equal(ext.isActive, false);
  });

  it('activates without error and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of contributed) assert.ok(commands.includes(id), `command ${id} is not registered`);
  });

  it('contributes every command it registers, with the ZOPO category', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    const manifest = ext.packageJSON as { contributes: { commands: { command: string; category?: string }[] } };
    const ids = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(ids, [...contributed].sort());
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'ZOPO'));
  });
});
