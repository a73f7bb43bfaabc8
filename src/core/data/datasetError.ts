/**
 * The one error type every dataset problem becomes, so that the editor can turn it into a
 * diagnostic at `line:column` and the CLI can print `file:line:col: message` and exit 2.
 */

/** What kind of problem a {@link DatasetError} reports; stable for tests and for quick fixes. */
export type DatasetErrorCode =
  | 'io'
  | 'unknown-format'
  | 'empty'
  | 'invalid-json'
  | 'invalid-csv'
  | 'not-an-object'
  | 'missing-field'
  | 'not-text'
  | 'bad-header'
  | 'field-count'
  | 'too-small';

/** A dataset problem located in its file. `line` and `column` are 1-based. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly code: DatasetErrorCode,
    readonly file: string,
    /** What is wrong, without the location prefix. */
    readonly reason: string,
    readonly line: number = 1,
    readonly column?: number,
  ) {
    super(formatLocation(file, line, column) + ': ' + reason);
  }
}

/** `file:line` or `file:line:column`, the shape editors and terminals link to. */
export function formatLocation(file: string, line: number, column?: number): string {
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
