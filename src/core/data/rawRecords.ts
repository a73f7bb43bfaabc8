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

/** Everything a parser read from one file. */
export interface RawTable {
  readonly records: readonly RawRecord[];
  /** Lines that held no record (skipped, reported as warnings). */
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
