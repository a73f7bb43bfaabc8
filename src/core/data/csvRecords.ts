/** CSV/TSV datasets to raw records via csv-parse (quoted fields may hold commas and newlines). */
import { CsvError, parse } from 'csv-parse/sync';
import { DatasetError } from './datasetError';
import type { RawRecord, RawTable, SourceLocation } from './rawRecords';
import { LineIndex } from './textPosition';

/** One parsed row, with where it starts in the text and its raw text (line end included). */
interface Row {
  readonly cells: string[];
  readonly start: number;
  readonly raw: string;
}

/**
 * Parses delimited text whose first row names the fields. A row with the wrong number of
 * cells is an error (a stray delimiter usually means a missing quote); blank lines are listed.
 * Every error points at a line and a column.
 */
export function parseCsvRecords(text: string, file: string, delimiter = ','): RawTable {
  const lines = new LineIndex(text);
  const rows = parseRows(text, file, delimiter, lines);
  const header = rows[0];
  if (header === undefined || (rows.length === 1 && header.cells.every((c) => c.trim() === ''))) {
    throw new DatasetError('empty', file, 'the dataset is empty', 1, 1);
  }
  const names = checkHeader(header, file, delimiter, lines);
  const records: RawRecord[] = [];
  const blankLines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as Row;
    const at = lines.position(row.start);
    if (row.cells.length === 1 && (row.cells[0] ?? '').trim() === '') {
      blankLines.push(at.line);
      continue;
    }
    if (row.cells.length !== names.length) {
      const where = lines.position(row.start + cellOffset(row, names.length, delimiter));
      throw new DatasetError('field-count', file, `row has ${row.cells.length} fields but the header has ${names.length} (${names.join(', ')}); quote values that contain "${delimiter}"`, where.line, where.column);
    }
    const fields: Record<string, string> = {};
    names.forEach((name, i) => (fields[name] = row.cells[i] ?? ''));
    records.push({ line: at.line, fields, start: r, end: r });
  }
  // A record's start/end are its row number here: the field's cell is found from the row.
  const locateField = (record: RawRecord, field: string): SourceLocation => {
    const row = rows[record.start] as Row;
    return lines.position(row.start + cellOffset(row, Math.max(0, names.indexOf(field)), delimiter));
  };
  return { forEachRecord: (visit) => records.forEach((r) => visit(r)), blankLines, header: names, locateField };
}

/** Every row with its position; a parse error becomes a located {@link DatasetError}. */
function parseRows(text: string, file: string, delimiter: string, lines: LineIndex): Row[] {
  const rows: Row[] = [];
  let offset = 0;
  try {
    parse(text, {
      delimiter,
      bom: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // With `raw`, csv-parse hands on_record `{ record, raw }`, which its types do not say.
      on_record: (recordWithRaw: string[]) => {
        const entry = recordWithRaw as unknown as { record: string[]; raw: string };
        rows.push({ cells: entry.record, start: offset, raw: entry.raw });
        offset += entry.raw.length;
        return null;
      },
    });
  } catch (e) {
    throw csvFailure(e, { file, text, delimiter, lines }, offset);
  }
  return rows;
}

/**
 * Offset inside the row where cell `index` starts; past the last cell, where the row's
 * text ends. Quotes are balanced in a parsed row, so a delimiter outside quotes starts a cell.
 */
function cellOffset(row: Row, index: number, delimiter: string): number {
  let cell = 0;
  let quoted = false;
  for (let i = 0; i < row.raw.length; i++) {
    if (cell === index) return i;
    const c = row.raw[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return i;
    else if (!quoted && row.raw.startsWith(delimiter, i)) cell++;
  }
  return row.raw.length;
}

function checkHeader(header: Row, file: string, delimiter: string, lines: LineIndex): string[] {
  const names = header.cells.map((h) => h.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const at = lines.position(header.start + cellOffset(header, i, delimiter));
    if (name === '') throw new DatasetError('bad-header', file, `header column ${i + 1} has no name`, at.line, at.column);
    if (seen.has(name)) throw new DatasetError('bad-header', file, `header names the field "${name}" twice`, at.line, at.column);
    seen.add(name);
  });
  return names;
}

/** The quote that opens a field never closed after `start`, or `start`. */
function unclosedQuote(text: string, start: number): number {
  let quoted = false;
  let opened = start;
  for (let i = start; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22) continue;
    quoted = !quoted;
    if (quoted) opened = i;
  }
  return opened;
}

/** csv-parse's error, reworded and placed where the broken record (or its bad field) starts. */
function csvFailure(e: unknown, source: { file: string; text: string; delimiter: string; lines: LineIndex }, recordStart: number): Error {
  const { file, text, delimiter, lines } = source;
  if (!(e instanceof CsvError)) return e instanceof Error ? e : new Error(String(e));
  const reason = e.message.replace(/\s*at line \d+/, '');
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    const at = lines.position(unclosedQuote(text, recordStart));
    return new DatasetError('invalid-csv', file, 'a quoted field opened here is never closed', at.line, at.column);
  }
  // csv-parse names the 0-based field it was reading; point at that field's start.
  const field = typeof e['column'] === 'number' ? e['column'] : 0;
  const at = lines.position(recordStart + cellOffset({ cells: [], start: recordStart, raw: text.slice(recordStart) }, field, delimiter));
  return new DatasetError('invalid-csv', file, `invalid CSV: ${reason}`, at.line, at.column);
}
