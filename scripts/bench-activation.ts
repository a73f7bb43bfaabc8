/**
 * Benchmark (not a test): the extension's own activation cost — loading the production bundle
 * and running activate() — in plain Node, with every `vscode` API replaced by a no-op stand-in,
 * so that only our code is timed (the real host adds its own work around it).
 *
 *   npx tsx scripts/bench-activation.ts [--runs 10]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const root = path.resolve(__dirname, '..');

// Each sample runs in a fresh process so the bundle is loaded cold (from the OS file cache).
const probe = `
const Module = require('module');
// activate() starts async work (resuming interrupted runs) that the stand-in cannot serve.
process.on('unhandledRejection', () => undefined);
const noop = new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : noop),
  apply: () => noop,
  construct: () => noop,
  set: () => true,
  defineProperty: () => true,
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
// The bundle copies the module's named exports, so the stand-in is a plain object of no-ops.
const names = ['window', 'workspace', 'commands', 'languages', 'extensions', 'env', 'lm', 'Uri', 'EventEmitter', 'CodeActionKind',
  'CodeAction', 'CodeLens', 'Range', 'Position', 'Selection', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'MarkdownString',
  'Diagnostic', 'DiagnosticSeverity', 'StatusBarAlignment', 'ViewColumn', 'ProgressLocation', 'ConfigurationTarget',
  'LanguageModelChatMessage', 'LanguageModelError', 'CancellationTokenSource', 'WorkspaceEdit', 'TabInputWebview', 'Disposable'];
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: Object.fromEntries(names.map((n) => [n, noop])) };
const t0 = process.hrtime.bigint();
const ext = require(${JSON.stringify(path.join(root, 'dist', 'extension.js'))});
const t1 = process.hrtime.bigint();
ext.activate({ subscriptions: [], extensionUri: noop, storageUri: noop, globalStorageUri: noop, workspaceState: noop, secrets: noop });
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, activate: Number(t2 - t1) / 1e6 }));
`;

execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'ignore' });
const samples: { load: number; activate: number }[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const out = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  samples.push(JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { load: number; activate: number });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(`activation over ${samples.length} cold processes: bundle load median ${median(samples.map((s) => s.load)).toFixed(1)} ms, activate() median ${median(samples.map((s) => s.activate)).toFixed(1)} ms, total median ${median(samples.map((s) => s.load + s.activate)).toFixed(1)} ms`);
