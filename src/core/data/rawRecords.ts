/** The format-neutral records the parsers produce, before a field mapping is applied. */

/** A 1-based line and, where known, column. */
export interface SourceLocation {
  readonly line: number;
  readonly column?: number;
}

/** One record as read from the file: field name to raw value. */
export interface RawRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Character span of the record in the text, used to point at one of its fields. */
  readonly start: number;
  readonly end: number;
}

/**
 * What a parser reads from one file. Records are handed out one at a time, so a caller that
 * turns each into something smaller (an example) never holds them all: for JSON Lines the
 * lines are parsed as they are visited, and a broken line throws from the visit.
 */
export interface RawTable {
  /** Calls `visit` with each record in file order. */
  forEachRecord(visit: (record: RawRecord) => void): void;
  /** Lines that held no record (skipped, reported as warnings); complete after a visit. */
  readonly blankLines: readonly number[];
  /** Field names from a header row (CSV), when the format has one. */
  readonly header?: readonly string[];
  /** Where `field` sits inside `record`, as precisely as the format allows. */
  locateField(record: RawRecord, field: string): SourceLocation;
}

/** A plain JSON object (not an array or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Human words for a JSON value's kind, for error messages. */
export function describeJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
