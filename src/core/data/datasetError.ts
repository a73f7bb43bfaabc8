/**
 * The one error type every dataset problem becomes, so that the editor can turn it into a
 * diagnostic at `line:column` and the CLI can print `file:line:col: message` and exit 2.
 */

/** What kind of problem a {@link DatasetError} reports; stable for tests and for quick fixes. */
export type DatasetErrorCode =
  | 'io'
  | 'invalid-utf8'
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

/**
 * A dataset problem located in its file. `line` and `column` are 1-based; a problem with
 * the whole text (empty, too few rows, unknown format) is placed at 1:1, so that every
 * message has the `file:line:col` shape editors and terminals link to. A file that cannot
 * be read (`io`) has no text to point into: its message is `file: reason`.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly code: DatasetErrorCode,
    readonly file: string,
    /** What is wrong, without the location prefix. */
    readonly reason: string,
    readonly line: number = 1,
    readonly column: number = 1,
  ) {
    super((code === 'io' ? file : formatLocation(file, line, column)) + ': ' + reason);
  }
}

/** `file:line` or `file:line:column`, the shape editors and terminals link to. */
export function formatLocation(file: string, line: number, column?: number): string {
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
