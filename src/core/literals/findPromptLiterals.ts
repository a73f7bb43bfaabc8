/**
 * Finds string literals that may hold prompts, with a real parser (tree-sitter),
 * for TypeScript, TSX, JavaScript and Python.
 */
import type { PromptLiteral, SourceLanguage } from './promptLiteral';
import { collectLiterals } from './literalCollector';
import { LineIndex } from './sourceRange';
import { withSyntaxTree, type TreeSitterOptions } from './treeSitterLoader';

/**
 * Every data string literal of `source`, in source order: plain, template, f-, raw and
 * triple-quoted strings, Python implicit concatenations and literal-only `+` chains
 * (each one literal with several parts). Byte strings, tagged templates, module
 * specifiers, type-level strings, object/dict keys, JSX attribute strings and bare string statements
 * (directives, docstrings) are left out, as are literals inside syntax errors.
 */
export async function findPromptLiterals(
  source: string,
  language: SourceLanguage,
  options: TreeSitterOptions = {},
): Promise<PromptLiteral[]> {
  const lines = new LineIndex(source);
  return withSyntaxTree(source, language, (tree) => collectLiterals(tree.rootNode, source, language, lines), options);
}

/**
 * The literal under the cursor at `offset` (a cursor just after the closing quote
 * still counts); the innermost one when literals nest inside a substitution.
 */
export function literalAt(literals: readonly PromptLiteral[], offset: number): PromptLiteral | undefined {
  let best: PromptLiteral | undefined;
  for (const literal of literals) {
    const { start, end } = literal.range;
    if (offset < start || offset > end) continue;
    if (!best || end - start < best.range.end - best.range.start) best = literal;
  }
  return best;
}
