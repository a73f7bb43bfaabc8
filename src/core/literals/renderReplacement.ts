/**
 * Writes a new value back into a literal's place, following the literal's own
 * language rules so the file keeps parsing and the literal reads back as the value.
 *
 * Concatenations: the parts become one token in the style of the first part (or of
 * the first part with substitutions, so variables keep working) — except when the
 * original concatenation spans several lines, the chosen style cannot hold a line
 * break (quoted JS string, single-quoted Python string) and the new value has line
 * breaks: then it stays split after each `\n`, one token per line, joined the way the
 * original first two parts were joined (` +\n  `, `\n    `, ` \\\n    `).
 */
import type { LiteralPart, PromptLiteral, SourceRange } from './promptLiteral';
import { renderToken, type TokenStyle } from './tokenRenderer';
import { splitValue, type ValueSegment } from './valueSegments';

/** The text to put in place of `range`, and anything worth telling the user. */
export interface Replacement {
  readonly range: SourceRange;
  readonly text: string;
  readonly notes: readonly string[];
}

function targetStyle(literal: PromptLiteral): LiteralPart {
  const first = literal.parts[0];
  if (!first) throw new Error('a literal has at least one part');
  const substituting = literal.parts.find((p) => p.variables.length > 0);
  return first.variables.length === 0 && substituting ? substituting : first;
}

function linesOf(segments: readonly ValueSegment[]): ValueSegment[][] {
  const lines: ValueSegment[][] = [[]];
  for (const s of segments) {
    if ('variable' in s) {
      lines[lines.length - 1]?.push(s);
      continue;
    }
    const pieces = s.text.split('\n');
    pieces.forEach((piece, i) => {
      const text = i < pieces.length - 1 ? `${piece}\n` : piece;
      if (text) lines[lines.length - 1]?.push({ text });
      if (i < pieces.length - 1) lines.push([]);
    });
  }
  return lines.filter((l) => l.length > 0);
}

// An f-string piece without substitutions is written as a plain string (linters flag f"" without fields).
function pieceStyle(style: TokenStyle, piece: readonly ValueSegment[]): TokenStyle {
  if (style.kind !== 'py-fstring' || piece.some((s) => 'variable' in s)) return style;
  return { ...style, kind: 'py-string', prefix: [...style.prefix].filter((c) => c !== 'f' && c !== 'F').join('') };
}

function keepsSplit(literal: PromptLiteral, style: TokenStyle, value: string): literal is PromptLiteral & { joiner: string } {
  const multiLine = literal.range.startPosition.line !== literal.range.endPosition.line;
  const lineCapable = style.kind === 'js-template' || style.triple;
  return literal.parts.length > 1 && multiLine && !lineCapable && value.includes('\n') && literal.joiner !== undefined;
}

/** The replacement making `literal` read as `newValue`, in the literal's own style. */
export function renderReplacement(literal: PromptLiteral, newValue: string): Replacement {
  const style = targetStyle(literal);
  const substitutions = literal.variables.filter((v) => v.syntax !== 'mustache');
  const canSubstitute = style.kind === 'js-template' || style.kind === 'py-fstring';
  const opener = style.kind === 'js-template' ? '${' : '{';
  const segments = splitValue(newValue, canSubstitute ? substitutions : [], opener);
  if (!keepsSplit(literal, style, newValue)) {
    const token = renderToken(style, segments);
    return { range: literal.range, text: token.text, notes: token.notes };
  }
  const tokens = linesOf(segments).map((piece) => renderToken(pieceStyle(style, piece), piece));
  const notes = [...new Set(tokens.flatMap((t) => t.notes))];
  return { range: literal.range, text: tokens.map((t) => t.text).join(literal.joiner), notes };
}

/** `source` with `replacement` applied. */
export function applyReplacement(source: string, replacement: Replacement): string {
  return source.slice(0, replacement.range.start) + replacement.text + source.slice(replacement.range.end);
}
