/** Builds a {@link LiteralPart} from one string token of the syntax tree. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LiteralPart, QuoteChar } from './promptLiteral';
import { decodeContent, type DecodeContext } from './partDecoder';
import type { LineIndex } from './sourceRange';

/** A part with whatever its decoding could not do exactly. */
export interface BuiltPart {
  readonly part: LiteralPart;
  readonly notes: readonly string[];
}

function asQuote(c: string | undefined): QuoteChar | undefined {
  return c === "'" || c === '"' || c === '`' ? c : undefined;
}

/** A JavaScript/TypeScript `string` or `template_string` token. */
export function jsPart(node: Node, source: string, lines: LineIndex): BuiltPart | undefined {
  const quote = asQuote(source[node.startIndex]);
  if (!quote || node.endIndex - node.startIndex < 2) return undefined;
  const ctx: DecodeContext = { source, lines, python: false, raw: false };
  const decoded = decodeContent(node, node.startIndex + 1, node.endIndex - 1, ctx);
  const part: LiteralPart = {
    kind: quote === '`' ? 'js-template' : 'js-string',
    quote,
    triple: false,
    prefix: '',
    raw: false,
    range: lines.range(node.startIndex, node.endIndex),
    value: decoded.value,
    variables: decoded.variables,
  };
  return { part, notes: decoded.notes };
}

/** The prefix letters and the opening quote of a Python `string_start` token. */
export function splitPythonStart(start: string): { prefix: string; quote: QuoteChar | undefined; triple: boolean } {
  let i = 0;
  while (i < start.length && start[i] !== '"' && start[i] !== "'") i++;
  const delimiter = start.slice(i);
  return { prefix: start.slice(0, i), quote: asQuote(delimiter[0]), triple: delimiter.length === 3 };
}

/** Whether a Python string prefix makes a `bytes` literal. */
export function isBytesPrefix(prefix: string): boolean {
  return prefix.toLowerCase().includes('b');
}

/** A Python `string` token, or `undefined` for byte strings. */
export function pythonPart(node: Node, source: string, lines: LineIndex): BuiltPart | undefined {
  const start = node.children.find((c) => c?.type === 'string_start');
  const end = node.children.find((c) => c?.type === 'string_end');
  if (!start || !end) return undefined;
  const { prefix, quote, triple } = splitPythonStart(start.text);
  if (!quote || isBytesPrefix(prefix)) return undefined;
  const lower = prefix.toLowerCase();
  const raw = lower.includes('r');
  const decoded = decodeContent(node, start.endIndex, end.startIndex, { source, lines, python: true, raw });
  const part: LiteralPart = {
    kind: lower.includes('f') || lower.includes('t') ? 'py-fstring' : 'py-string',
    quote,
    triple,
    prefix,
    raw,
    range: lines.range(node.startIndex, node.endIndex),
    value: decoded.value,
    variables: decoded.variables,
  };
  return { part, notes: decoded.notes };
}
