import * as vscode from 'vscode';
import type { PromptLiteral, SourceLanguage } from '../core/literals/promptLiteral';
import type { LiteralAnchor } from '../core/literals/relocateLiteral';
import type { PromptSummary } from '../shared/protocol';

/**
 * Where a prompt lives, remembered with registrations and runs so that an optimized prompt can
 * be put back in the right place: a whole prompt file, a string literal in code (anchored by
 * its binding name and value, re-found after edits), or a selected stretch of text.
 */
export type PromptTarget =
  | { readonly kind: 'file'; readonly uri: string; readonly text: string }
  | { readonly kind: 'literal'; readonly uri: string; readonly language: SourceLanguage; readonly anchor: LiteralAnchor }
  | { readonly kind: 'selection'; readonly uri: string; readonly text: string; readonly offset: number };

export interface LocatedPrompt {
  readonly summary: PromptSummary;
  readonly target: PromptTarget;
}

const languages: Readonly<Record<string, SourceLanguage>> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
};

export const promptFileExtensions = ['.prompt', '.txt', '.md'] as const;

/** The source language the literal locator uses for a VS Code language id, if it handles it. */
export function sourceLanguageOf(languageId: string): SourceLanguage | undefined {
  return languages[languageId];
}

export function isPromptFile(uri: vscode.Uri): boolean {
  const path = uri.path.toLowerCase();
  return promptFileExtensions.some((ext) => path.endsWith(ext)) && !/readme\.md$/.test(path);
}

/** The parser's wasm files ship in dist/wasm; set once at activation. */
let wasmDir: string | undefined;
export function setWasmDir(dir: string): void {
  wasmDir = dir;
}

/** String literals of a document, or none for languages the locator does not handle. */
export async function literalsOf(document: vscode.TextDocument): Promise<PromptLiteral[]> {
  const language = sourceLanguageOf(document.languageId);
  if (!language) return [];
  // The parser runtime loads on first use, not at activation.
  const { findPromptLiterals } = await import('../core/literals/findPromptLiterals');
  return findPromptLiterals(document.getText(), language, wasmDir ? { wasmDir } : {});
}

/**
 * The prompt an editor points at: its non-empty selection, else the string literal under the
 * cursor, else the whole document when it is a prompt file.
 */
export async function promptInEditor(editor: vscode.TextEditor | undefined): Promise<LocatedPrompt | undefined> {
  if (!editor) return undefined;
  const doc = editor.document;
  const uri = doc.uri.toString();
  if (!editor.selection.isEmpty) {
    const text = doc.getText(editor.selection);
    const offset = doc.offsetAt(editor.selection.start);
    if (text.trim()) return { summary: { source: describe(doc.uri, editor.selection.start.line), text }, target: { kind: 'selection', uri, text, offset } };
  }
  const language = sourceLanguageOf(doc.languageId);
  if (language) {
    const { literalAt } = await import('../core/literals/findPromptLiterals');
    const literal = literalAt(await literalsOf(doc), doc.offsetAt(editor.selection.active));
    if (literal && literal.value.trim()) {
      const anchor: LiteralAnchor = { value: literal.value, offset: literal.range.start, ...(literal.bindingName ? { bindingName: literal.bindingName } : {}) };
      const name = literal.bindingName ? ` (${literal.bindingName})` : '';
      return { summary: { source: `${describe(doc.uri, literal.range.startPosition.line)}${name}`, text: literal.value }, target: { kind: 'literal', uri, language, anchor } };
    }
  }
  if (isPromptFile(doc.uri) && doc.getText().trim()) {
    return { summary: { source: describe(doc.uri, 0), text: doc.getText() }, target: { kind: 'file', uri, text: doc.getText() } };
  }
  return undefined;
}

export function describe(uri: vscode.Uri, line: number): string {
  return `${vscode.workspace.asRelativePath(uri)}:${line + 1}`;
}
