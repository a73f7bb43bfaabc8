/** Walks a syntax tree and collects string literals (and literal-only concatenations). */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LiteralPart, PromptLiteral, SourceLanguage, TemplateVariable } from './promptLiteral';
import type { LineIndex } from './sourceRange';
import { bindingNameOf, unwrapUp } from './bindingName';
import { jsPart, pythonPart, type BuiltPart } from './literalParts';
import { mustacheVariables } from './mustacheVariables';

interface Collector {
  readonly source: string;
  readonly language: SourceLanguage;
  readonly lines: LineIndex;
  readonly out: PromptLiteral[];
}

const CONCATENATION = new Set(['binary_expression', 'binary_operator']);
// Strings that are syntax, not data: module specifiers, type-level literals, directives and docstrings.
// JSX attribute strings follow HTML rules (no backslash escapes), which the renderer does not write.
const NON_DATA_PARENTS = new Set(['import_statement', 'export_statement', 'import_require_clause', 'literal_type', 'expression_statement', 'jsx_attribute']);

function isTaggedTemplate(node: Node): boolean {
  return node.type === 'template_string' && node.parent?.type === 'call_expression' && node.parent.childForFieldName('arguments')?.startIndex === node.startIndex;
}

/** The string tokens making up `node` when it is a literal expression, else `undefined`. */
function literalTokens(node: Node, python: boolean): Node[] | undefined {
  if (node.type === 'string') return [node];
  if (node.type === 'template_string') return python || isTaggedTemplate(node) ? undefined : [node];
  if (node.type === 'concatenated_string') return node.namedChildren.filter((c): c is Node => c?.type === 'string');
  if (!CONCATENATION.has(node.type) || node.childForFieldName('operator')?.type !== '+') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const l = left ? literalTokens(left, python) : undefined;
  const r = right ? literalTokens(right, python) : undefined;
  return l && r ? [...l, ...r] : undefined;
}

function isNonData(node: Node): boolean {
  const expression = unwrapUp(node);
  const parent = expression.parent;
  if (!parent) return false;
  if (NON_DATA_PARENTS.has(parent.type)) return true;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.startIndex === expression.startIndex) return true;
  const callee = parent.type === 'arguments' ? parent.parent?.childForFieldName('function') : undefined;
  return callee?.type === 'import' || callee?.text === 'require';
}

function joinerBetween(source: string, start: number, end: number): string | undefined {
  const gap = source.slice(start, end);
  for (const c of gap) if (c !== '+' && c !== '\\' && c.trim() !== '') return undefined;
  return gap;
}

function buildLiteral(c: Collector, node: Node, built: readonly BuiltPart[]): PromptLiteral {
  const parts: LiteralPart[] = built.map((b) => b.part);
  let value = '';
  const variables: TemplateVariable[] = [];
  for (const part of parts) {
    for (const v of part.variables) variables.push({ ...v, valueOffset: value.length + v.valueOffset });
    value += part.value;
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) throw new Error('a literal has at least one part');
  const literal: PromptLiteral = {
    language: c.language,
    kind: first.kind,
    parts,
    range: c.lines.range(first.range.start, last.range.end),
    value,
    variables: [...variables, ...mustacheVariables(parts)].sort((a, b) => a.valueOffset - b.valueOffset),
    notes: built.flatMap((b) => b.notes),
  };
  const bindingName = bindingNameOf(node);
  const joiner = parts[1] ? joinerBetween(c.source, first.range.end, parts[1].range.start) : undefined;
  return {
    ...literal,
    ...(bindingName === undefined ? {} : { bindingName }),
    ...(joiner === undefined ? {} : { joiner }),
  };
}

function visit(c: Collector, node: Node): void {
  const python = c.language === 'python';
  const tokens = literalTokens(node, python);
  if (tokens && tokens.length > 0) {
    const built = tokens.map((t) => (python ? pythonPart(t, c.source, c.lines) : jsPart(t, c.source, c.lines)));
    const complete = built.filter((b): b is BuiltPart => b !== undefined);
    if (!node.hasError && complete.length === built.length && !isNonData(node)) c.out.push(buildLiteral(c, node, complete));
    // Substitutions may hold literals of their own.
    for (const t of tokens) for (const child of t.namedChildren) if (child) visit(c, child);
    return;
  }
  for (const child of node.children) if (child) visit(c, child);
}

/** Every data string literal under `root`, in source order. */
export function collectLiterals(root: Node, source: string, language: SourceLanguage, lines: LineIndex): PromptLiteral[] {
  const collector: Collector = { source, language, lines, out: [] };
  visit(collector, root);
  return collector.out.sort((a, b) => a.range.start - b.range.start);
}
