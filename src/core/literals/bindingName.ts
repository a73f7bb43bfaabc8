/** Finds what a literal expression is assigned to, from its place in the syntax tree. */
import type { Node } from '@vscode/tree-sitter-wasm';

// Wrappers that do not change which binding a literal belongs to: ("…"), "…" as const, "…" satisfies T, "…"!.
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

// Node type → the field holding the value and the field holding the bound name.
const BINDERS: Readonly<Record<string, readonly [value: string, name: string]>> = {
  variable_declarator: ['value', 'name'],
  assignment_expression: ['right', 'left'],
  augmented_assignment_expression: ['right', 'left'],
  public_field_definition: ['value', 'name'],
  field_definition: ['value', 'property'],
  assignment_pattern: ['right', 'left'],
  required_parameter: ['value', 'pattern'],
  optional_parameter: ['value', 'pattern'],
  pair: ['value', 'key'],
  assignment: ['right', 'left'],
  augmented_assignment: ['right', 'left'],
  keyword_argument: ['value', 'name'],
  default_parameter: ['value', 'name'],
  typed_default_parameter: ['value', 'name'],
};

function sameNode(a: Node | null, b: Node): boolean {
  return a !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** The expression `node` is part of once transparent wrappers are removed. */
export function unwrapUp(node: Node): Node {
  let current = node;
  while (current.parent && TRANSPARENT.has(current.parent.type)) current = current.parent;
  return current;
}

// A quoted key ("content": …) binds by its text without quotes.
function keyText(key: Node): string {
  if (key.type !== 'string') return key.text;
  const content = key.namedChildren.filter((c) => c !== null && (c.type === 'string_fragment' || c.type === 'string_content'));
  return content.map((c) => c?.text ?? '').join('');
}

/** The name `literal` is bound to (`X`, `this.x`, `system`, `content`), if any. */
export function bindingNameOf(literal: Node): string | undefined {
  const expression = unwrapUp(literal);
  const parent = expression.parent;
  if (!parent) return undefined;
  const fields = BINDERS[parent.type];
  if (!fields || !sameNode(parent.childForFieldName(fields[0]), expression)) return undefined;
  const name = parent.childForFieldName(fields[1]);
  return name ? keyText(name) : undefined;
}
