/** Offsets to 1-based line/column, for error messages that point at the exact spot. */

/** A 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Maps character offsets in one text to line/column; built once, O(log lines) per lookup. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Position of `offset` (clamped to the text). */
  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}
