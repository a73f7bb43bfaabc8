/** Offset ↔ line/column conversion for one source text. */
import type { SourcePosition, SourceRange } from './promptLiteral';

/** Maps UTF-16 offsets of one text to zero-based lines and columns. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The position of `offset`. */
  positionAt(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - (this.lineStarts[lo] ?? 0) };
  }

  /** A range for `[start, end)`. */
  range(start: number, end: number): SourceRange {
    return { start, end, startPosition: this.positionAt(start), endPosition: this.positionAt(end) };
  }
}
