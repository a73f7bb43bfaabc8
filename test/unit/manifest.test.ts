import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  it('targets VS Code 1.100 at most (code-server 4.100.3) with matching typings', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
  });

  it('activates on its commands and views only, never on start-up', () => {
    assert.ok(manifest.activationEvents.length > 0);
    for (const event of manifest.activationEvents) {
      assert.match(event, /^(onCommand:zopo\.|onView:zopo\.|onWebviewPanel:zopo\.)/);
    }
  });

  it('contributes the palette commands with the ZOPO category', () => {
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles['zopo.optimizePrompt'], 'Optimize Prompt');
    assert.equal(titles['zopo.registerPrompt'], 'Register Prompt');
    assert.equal(titles['zopo.registerDataset'], 'Register Dataset');
    assert.equal(titles['zopo.showPanel'], 'Show Optimization Panel');
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'ZOPO'));
  });

  it('hides editor-bound commands from the palette when no editor is open', () => {
    const rule = manifest.contributes.menus.commandPalette.find((m) => m.command === 'zopo.registerPrompt');
    assert.match(rule?.when ?? '', /editorIsOpen/);
  });

  it('has the Runs view in its own activity-bar container and the settings', () => {
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), ['zopo']);
    assert.deepEqual(manifest.contributes.views.zopo?.map((v) => v.name), ['Runs']);
    const keys = Object.keys(manifest.contributes.configuration.properties).sort();
    for (const key of ['provider', 'model', 'baseUrl', 'embeddingModel', 'budget', 'validationSize', 'concurrency']) {
      assert.ok(keys.includes(`zopo.${key}`), `setting zopo.${key} is missing`);
    }
  });

  it('keeps the extension bundle under 1.5 MB, the tokenizer tables in their own file', function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'ignore' });
    const size = statSync(path.join(root, 'dist', 'extension.js')).size;
    assert.ok(size < 1.5 * 1024 * 1024, `dist/extension.js is ${(size / 1024 / 1024).toFixed(2)} MB`);
    assert.ok(!readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8').includes('o200k'), 'the tokenizer tables are bundled into the extension');
  });

  it('packages only the bundles, media, README, CHANGELOG and LICENSE', function () {
    this.timeout(60_000);
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(extension\.js|webview\.js|webview\.css|cli\.js|tokenizer\.js|tokenWorker\.js|scorerWorker\.js|wasm\/tree-sitter(-\w+)?\.wasm)|media\/(walkthrough\/)?[\w.-]+)$/;
    for (const file of listed) assert.match(file, allowed, `${file} would be packaged`);
    for (const needed of ['dist/tokenizer.js', 'dist/tokenWorker.js', 'dist/scorerWorker.js', 'dist/wasm/tree-sitter.wasm', 'dist/wasm/tree-sitter-python.wasm', 'media/walkthrough/optimize.md', 'dist/extension.js', 'dist/webview.js', 'dist/webview.css', 'media/icon.png', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      assert.ok(listed.includes(needed), `${needed} is not packaged`);
    }
  });
});
