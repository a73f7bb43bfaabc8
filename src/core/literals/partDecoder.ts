/** Decodes the content of one literal token from its syntax tree children. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { TemplateVariable } from './promptLiteral';
import type { LineIndex } from './sourceRange';
import { decodeJsEscape } from './jsEscapes';
import { decodePythonEscape } from './pythonEscapes';

/** What decoding one token gives. */
export interface DecodedContent {
  value: string;
  variables: TemplateVariable[];
  notes: string[];
}

/** How to read one token's content. */
export interface DecodeContext {
  readonly source: string;
  readonly lines: LineIndex;
  readonly python: boolean;
  /** Raw strings keep backslashes: escape nodes are plain text. */
  readonly raw: boolean;
}

// Source line breaks inside literals reach the value as \n (template cooking; Python's universal newlines).
function normalizeNewlines(text: string): string {
  return text.split('\r\n').join('\n').split('\r').join('\n');
}

function substitutionName(node: Node): string {
  const inner = node.namedChildren.find((c) => c !== null && c.type !== 'type_conversion' && c.type !== 'format_specifier');
  return (inner?.text ?? node.text).trim();
}

function decodeChild(child: Node, ctx: DecodeContext, out: DecodedContent): boolean {
  const type = child.type;
  if (type === 'escape_sequence' && !ctx.raw) {
    const decoded = ctx.python ? decodePythonEscape(child.text) : decodeJsEscape(child.text);
    if (decoded === undefined) out.notes.push(`escape ${child.text} kept undecoded`);
    out.value += decoded ?? child.text;
    return true;
  }
  if (type === 'escape_interpolation') {
    out.value += child.text.slice(0, 1);
    return true;
  }
  if (type === 'template_substitution' || type === 'interpolation') {
    out.variables.push({
      name: substitutionName(child),
      placeholder: child.text,
      syntax: ctx.python ? 'f-string' : 'js-template',
      valueOffset: out.value.length,
      range: ctx.lines.range(child.startIndex, child.endIndex),
    });
    out.value += child.text;
    return true;
  }
  return false;
}

/** Appends the decoded text of `[start, end)`, whose tokens are `children`, to `out`. */
function decodeSpan(children: readonly (Node | null)[], start: number, end: number, ctx: DecodeContext, out: DecodedContent): void {
  let cursor = start;
  for (const child of children) {
    if (!child || child.endIndex <= start || child.startIndex >= end) continue;
    out.value += normalizeNewlines(ctx.source.slice(cursor, child.startIndex));
    if (!decodeChild(child, ctx, out)) decodeSpan(child.children, child.startIndex, child.endIndex, ctx, out);
    cursor = child.endIndex;
  }
  out.value += normalizeNewlines(ctx.source.slice(cursor, end));
}

/** Decodes the content `[start, end)` of `token` (between its quotes). */
export function decodeContent(token: Node, start: number, end: number, ctx: DecodeContext): DecodedContent {
  const out: DecodedContent = { value: '', variables: [], notes: [] };
  decodeSpan(token.children, start, end, ctx, out);
  return out;
}
