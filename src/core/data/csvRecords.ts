/** CSV/TSV datasets to raw records via csv-parse (quoted fields may hold commas and newlines). */
import { CsvError, parse } from 'csv-parse/sync';
import { DatasetError } from './datasetError';
import type { RawRecord, RawTable } from './rawRecords';

/**
 * Parses delimited text whose first row names the fields. A row with the wrong number of
 * cells is an error (a stray delimiter usually means a missing quote); blank lines are listed.
 */
export function parseCsvRecords(text: string, file: string, delimiter = ','): RawTable {
  const endLines: number[] = [];
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => {
        endLines.push(context.lines);
        return record;
      },
    });
  } catch (e) {
    throw csvFailure(e, file, (endLines[endLines.length - 1] ?? 0) + 1);
  }
  const header = rows[0];
  if (header === undefined || (rows.length === 1 && header.every((c) => c.trim() === ''))) {
    throw new DatasetError('empty', file, 'the dataset is empty');
  }
  const names = checkHeader(header, file);
  const records: RawRecord[] = [];
  const blankLines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const line = (endLines[r - 1] ?? 0) + 1;
    if (row.length === 1 && (row[0] ?? '').trim() === '') {
      blankLines.push(line);
      continue;
    }
    if (row.length !== names.length) {
      throw new DatasetError('field-count', file, `row has ${row.length} fields but the header has ${names.length} (${names.join(', ')}); quote values that contain "${delimiter}"`, line);
    }
    const fields: Record<string, string> = {};
    names.forEach((name, i) => (fields[name] = row[i] ?? ''));
    records.push({ line, fields, start: r, end: r });
  }
  return { forEachRecord: (visit) => records.forEach((r) => visit(r)), blankLines, header: names, locateField: (record) => ({ line: record.line }) };
}

function checkHeader(header: readonly string[], file: string): string[] {
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') throw new DatasetError('bad-header', file, `header column ${i + 1} has no name`, 1);
    if (seen.has(name)) throw new DatasetError('bad-header', file, `header names the field "${name}" twice`, 1);
    seen.add(name);
  });
  return names;
}

/** csv-parse's error, reworded and placed on the line where the broken record starts. */
function csvFailure(e: unknown, file: string, recordStartLine: number): Error {
  if (!(e instanceof CsvError)) return e instanceof Error ? e : new Error(String(e));
  const reason = e.message.replace(/\s*at line \d+/, '');
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new DatasetError('invalid-csv', file, 'a quoted field opened in this record is never closed', recordStartLine);
  }
  const line = typeof e['lines'] === 'number' ? e['lines'] : recordStartLine;
  return new DatasetError('invalid-csv', file, `invalid CSV: ${reason}`, line);
}
