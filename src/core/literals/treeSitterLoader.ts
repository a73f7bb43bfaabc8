/**
 * Loads the tree-sitter runtime and grammars shipped as WebAssembly by
 * `@vscode/tree-sitter-wasm` (no native build, no download).
 *
 * Files needed at runtime, all in one directory (`wasmDir`):
 * `tree-sitter.wasm`, `tree-sitter-typescript.wasm`, `tree-sitter-tsx.wasm`,
 * `tree-sitter-javascript.wasm`, `tree-sitter-python.wasm`.
 * Unbundled, that directory is the package's `wasm/` folder; a bundle copies these
 * files next to itself and passes its own directory.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Language, Parser, type Tree } from '@vscode/tree-sitter-wasm';
import type { SourceLanguage } from './promptLiteral';

/** Where the `.wasm` files are. */
export interface TreeSitterOptions {
  /** Directory holding `tree-sitter.wasm` and the grammar files; defaults to {@link defaultWasmDir}. */
  readonly wasmDir?: string;
}

/** The `.wasm` file names the locator loads: ship these next to the bundle. */
export const WASM_FILES: readonly string[] = [
  'tree-sitter.wasm',
  'tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm',
  'tree-sitter-javascript.wasm',
  'tree-sitter-python.wasm',
];

/** The package's own `wasm/` folder, found through `require.resolve` (works unbundled only). */
export function defaultWasmDir(): string {
  return path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
}

// The runtime is one Emscripten module per process: it is initialised once, from the first directory asked for.
let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function initRuntime(wasmDir: string): Promise<void> {
  runtime ??= Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
  return runtime;
}

function loadLanguage(wasmDir: string, language: SourceLanguage): Promise<Language> {
  const file = path.join(wasmDir, `tree-sitter-${language}.wasm`);
  let loaded = languages.get(file);
  if (!loaded) {
    loaded = readFile(file).then((bytes) => Language.load(new Uint8Array(bytes)));
    languages.set(file, loaded);
    loaded.catch(() => languages.delete(file));
  }
  return loaded;
}

/**
 * Parses `source` and hands the tree to `use`; parser and tree are freed afterwards,
 * so `use` must not keep nodes.
 */
export async function withSyntaxTree<T>(
  source: string,
  language: SourceLanguage,
  use: (tree: Tree) => T,
  options: TreeSitterOptions = {},
): Promise<T> {
  const wasmDir = options.wasmDir ?? defaultWasmDir();
  await initRuntime(wasmDir);
  const parser = new Parser();
  try {
    parser.setLanguage(await loadLanguage(wasmDir, language));
    const tree = parser.parse(source);
    if (!tree) throw new Error(`tree-sitter could not parse the ${language} source`);
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}

/** Whether `source` has syntax errors (ERROR or MISSING nodes) for `language`. */
export function hasSyntaxErrors(source: string, language: SourceLanguage, options: TreeSitterOptions = {}): Promise<boolean> {
  return withSyntaxTree(source, language, (tree) => tree.rootNode.hasError, options);
}
