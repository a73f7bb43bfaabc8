/** JSONL (one object per line) and JSON-array datasets to raw records, with exact error positions. */
import { DatasetError } from './datasetError';
import { arrayElementOffsets, findJsonSyntaxError } from './jsonSyntax';
import { describeJsonKind, isPlainObject, type RawRecord, type RawTable, type SourceLocation } from './rawRecords';
import { LineIndex } from './textPosition';

/** JSON Lines, parsed line by line as the records are visited. Blank lines are skipped and listed; any broken line is an error. */
export function parseJsonlRecords(text: string, file: string): RawTable {
  const blankLines: number[] = [];
  const forEachRecord = (visit: (record: RawRecord) => void): void => {
    blankLines.length = 0;
    let lineNo = 0;
    for (let start = 0; start <= text.length; ) {
      const nl = text.indexOf('\n', start);
      const next = nl === -1 ? text.length + 1 : nl + 1;
      let end = nl === -1 ? text.length : nl;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      lineNo++;
      const line = text.slice(start, end);
      if (line.trim() === '') {
        // A final newline does not open another line.
        if (nl !== -1 || start < text.length) blankLines.push(lineNo);
      } else {
        visit({ line: lineNo, fields: parseJsonlLine(text, line, start, end, lineNo, file), start, end });
      }
      start = next;
    }
  };
  return { forEachRecord, blankLines, locateField: jsonFieldLocator(text) };
}

function parseJsonlLine(text: string, line: string, start: number, end: number, lineNo: number, file: string) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const fault = findJsonSyntaxError(text, start, end);
    const column = fault ? fault.offset - start + 1 : 1;
    const message = fault ? fault.message : e instanceof Error ? e.message : String(e);
    throw new DatasetError('invalid-json', file, `invalid JSON: ${message}`, lineNo, column);
  }
  if (!isPlainObject(value)) {
    const column = line.length - line.trimStart().length + 1;
    throw new DatasetError('not-an-object', file, `expected a JSON object, found ${describeJsonKind(value)}`, lineNo, column);
  }
  return value;
}

/** Parses a file holding one JSON array of objects. */
export function parseJsonArrayRecords(text: string, file: string): RawTable {
  const lines = new LineIndex(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const fault = findJsonSyntaxError(text);
    const at = lines.position(fault?.offset ?? 0);
    const message = fault ? fault.message : e instanceof Error ? e.message : String(e);
    throw new DatasetError('invalid-json', file, `invalid JSON: ${message}`, at.line, at.column);
  }
  if (!Array.isArray(value)) {
    const at = lines.position(text.length - text.trimStart().length);
    throw new DatasetError('not-an-object', file, `expected a JSON array of objects, found ${describeJsonKind(value)}`, at.line, at.column);
  }
  const offsets = arrayElementOffsets(text);
  const records = value.map((item: unknown, i): RawRecord => {
    const start = offsets[i] ?? 0;
    const at = lines.position(start);
    if (!isPlainObject(item)) {
      throw new DatasetError('not-an-object', file, `array element ${i + 1}: expected a JSON object, found ${describeJsonKind(item)}`, at.line, at.column);
    }
    return { line: at.line, fields: item, start, end: offsets[i + 1] ?? text.length };
  });
  return { forEachRecord: (visit) => records.forEach((r) => visit(r)), blankLines: [], locateField: jsonFieldLocator(text, lines) };
}

/**
 * Points at `"field":` inside the record's span. It takes the first match, which is the
 * record's own key unless a nested object before it reuses the name: good enough for a
 * pointer, and only computed when there is an error to show.
 */
function jsonFieldLocator(text: string, known?: LineIndex): RawTable['locateField'] {
  let lines = known;
  return (record, field): SourceLocation => {
    lines ??= new LineIndex(text);
    const needle = JSON.stringify(field);
    const key = new RegExp(escapeRegExp(needle) + '\\s*:', 'g');
    key.lastIndex = record.start;
    const m = key.exec(text);
    const offset = m && m.index < record.end ? m.index : record.start;
    return lines.position(offset);
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
