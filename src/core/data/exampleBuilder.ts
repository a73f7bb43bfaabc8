/** Applies a field mapping to raw records: text checks, empty-field and duplicate warnings. */
import { DatasetError } from './datasetError';
import type { DatasetWarning, Example, FieldMapping } from './datasetTypes';
import { describeJsonKind, type RawRecord, type RawTable } from './rawRecords';

/** How strictly values must be text. */
export interface TextPolicy {
  /** When true, JSON numbers and booleans are errors instead of being converted to text. */
  readonly rejectNumbers?: boolean;
}

/** Builds examples from `table`, throwing a located {@link DatasetError} on the first bad record. */
export function buildExamples(
  table: RawTable,
  file: string,
  mapping: FieldMapping,
  policy: TextPolicy = {},
): { examples: Example[]; warnings: DatasetWarning[] } {
  const warnings: DatasetWarning[] = [];
  checkHeader(table, file, mapping);
  const seen = new DuplicateTracker(file, warnings);
  const single = mapping.inputs.length === 1;
  const examples: Example[] = [];
  table.forEachRecord((record) => {
    const inputs: Record<string, string> = {};
    let inputKey = '';
    for (const field of mapping.inputs) {
      const text = fieldText(table, record, field, file, policy);
      inputs[field] = text;
      // One input field (the common case) is its own key: no per-row string to build.
      inputKey = single ? text : inputKey + text + '\u0000';
    }
    const output = fieldText(table, record, mapping.output, file, policy);
    const empty = emptyFields(mapping, inputs, output);
    if (empty !== undefined) warnings.push({ kind: 'empty-field', file, line: record.line, message: empty });
    seen.check(record.line, inputKey, output);
    examples.push({ index: examples.length, line: record.line, inputs, output });
  });
  for (const line of table.blankLines) warnings.push({ kind: 'blank-line', file, line, message: 'blank line skipped' });
  // In file order (the blank lines are known only once every record has been read).
  warnings.sort((a, b) => a.line - b.line);
  return { examples, warnings };
}

/** "empty "input" and "output"" for the mapped fields that are blank, or undefined. */
function emptyFields(mapping: FieldMapping, inputs: Record<string, string>, output: string): string | undefined {
  const empty: string[] = [];
  for (const field of mapping.inputs) if (isBlank(inputs[field] ?? '')) empty.push(field);
  if (isBlank(output)) empty.push(mapping.output);
  return empty.length === 0 ? undefined : 'empty ' + empty.map((f) => `"${f}"`).join(' and ');
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

/** A field missing from a CSV header is missing from every row: say so once, at the header. */
function checkHeader(table: RawTable, file: string, mapping: FieldMapping): void {
  if (table.header === undefined) return;
  for (const field of [...mapping.inputs, mapping.output]) {
    if (!table.header.includes(field)) {
      const has = table.header.map((f) => `"${f}"`).join(', ');
      throw new DatasetError('missing-field', file, `missing field "${field}" in the header (it has ${has}); check the field mapping`, 1);
    }
  }
}

function fieldText(table: RawTable, record: RawRecord, field: string, file: string, policy: TextPolicy): string {
  const value = record.fields[field];
  if (typeof value === 'string') return value;
  if (value === undefined) {
    const present = Object.keys(record.fields);
    const has = present.length > 0 ? `this record has ${present.map((f) => `"${f}"`).join(', ')}` : 'this record has no fields';
    const at = table.locateField(record, field);
    throw new DatasetError('missing-field', file, `missing field "${field}" (${has}); check the field mapping`, at.line, at.column);
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && policy.rejectNumbers !== true) return String(value);
  const at = table.locateField(record, field);
  const accepted = policy.rejectNumbers === true ? 'text' : 'text (or a number)';
  throw new DatasetError('not-text', file, `field "${field}" is ${describeJsonKind(value)}; expected ${accepted}`, at.line, at.column);
}

/**
 * Remembers rows by content to report exact repeats and same-input/different-output pairs.
 * One map keyed by the inputs holds the first row of each input; the outputs of later,
 * conflicting rows are kept beside it only when there are some, so a 100,000-row file
 * costs one map entry per distinct input.
 */
class DuplicateTracker {
  private readonly byInput = new Map<string, FirstRow>();

  constructor(
    private readonly file: string,
    private readonly warnings: DatasetWarning[],
  ) {}

  /** `inputKey` identifies the input values (joined with NUL when there are several). */
  check(line: number, inputKey: string, output: string): void {
    const first = this.byInput.get(inputKey);
    if (first === undefined) {
      this.byInput.set(inputKey, { line, output, others: undefined });
      return;
    }
    const same = first.output === output ? first.line : first.others?.get(output);
    if (same !== undefined) {
      this.warnings.push({ kind: 'duplicate', file: this.file, line, firstLine: same, message: `duplicate of line ${same}` });
      return;
    }
    (first.others ??= new Map()).set(output, line);
    this.warnings.push({ kind: 'conflict', file: this.file, line, firstLine: first.line, message: `same input as line ${first.line} but a different output` });
  }
}

/** The first row seen with some inputs, and the first line of each other output they had. */
interface FirstRow {
  readonly line: number;
  readonly output: string;
  others: Map<string, number> | undefined;
}
