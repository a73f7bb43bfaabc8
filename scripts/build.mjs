// Bundles the extension (Node, CommonJS, `vscode` external), the webview script (browser IIFE),
// the CLI and, with --tests, the extension-host test suite; with --bench, the pipeline benchmark.
// Flags: --watch, --production, --tests, --bench.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/**
 * gpt-tokenizer's tables are megabytes: the extension and the CLI load them lazily from a bundle
 * of their own, dist/tokenizer.js, so the main bundles stay small and start fast.
 * @type {import('esbuild').Plugin}
 */
const separateTokenizer = {
  name: 'separate-tokenizer',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer$/ }, () => ({ path: './tokenizer.js', external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/editor/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', '@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'],
    plugins: [separateTokenizer],
  },
  {
    entryPoints: { tokenizer: 'gpt-tokenizer' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The worker that counts tokens for a run's estimate, so the tables go when it ends.
  {
    entryPoints: ['src/core/cost/tokenWorker.ts'],
    outfile: 'dist/tokenWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [separateTokenizer],
  },
  // The worker a custom scorer runs in, under a time limit per call (src/core/eval/scorerHost.ts).
  {
    entryPoints: ['src/core/eval/scorerWorker.ts'],
    outfile: 'dist/scorerWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];
if (existsSync('src/cli/main.ts')) {
  targets.push({
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [separateTokenizer],
  });
}
if (args.has('--bench')) {
  // The pipeline benchmark runs on plain node from a bundle, as the `zopo` CLI does.
  targets.push({
    entryPoints: { 'bench-pipeline': 'scripts/bench-pipeline.ts', 'bench-transport': 'scripts/bench-transport.ts', tokenWorker: 'src/core/cost/tokenWorker.ts', scorerWorker: 'src/core/eval/scorerWorker.ts' },
    outdir: 'out/bench',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [separateTokenizer],
  });
  targets.push({ entryPoints: { tokenizer: 'gpt-tokenizer' }, outdir: 'out/bench', platform: 'node', format: 'cjs', target: 'node20' });
}
if (args.has('--tests')) {
  targets.push({
    entryPoints: readdirSync('test/extension').filter((f) => f.endsWith('.ts')).map((f) => `test/extension/${f}`),
    outdir: 'out/test/extension',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', '@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'],
  });
  // A second development extension for the suite: a fake chat model behind the Language Model API.
  targets.push({ entryPoints: ['test/extension/fake-lm/extension.ts'], outfile: 'out/test/fake-lm/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  mkdirSync('out/test/fake-lm', { recursive: true });
  copyFileSync('test/extension/fake-lm/package.json', 'out/test/fake-lm/package.json');
}

const common = {
  bundle: true,
  // The locator is given dist/wasm explicitly in the bundle; this only silences require.resolve's warning.
  external: ['@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// The literal locator's parser runtime and grammars, loaded from dist/wasm at run time.
const wasmFiles = ['tree-sitter.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-python.wasm'];
mkdirSync('dist/wasm', { recursive: true });
for (const f of wasmFiles) copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${f}`, `dist/wasm/${f}`);

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes (Ctrl-C to stop)');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
