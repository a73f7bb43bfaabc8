/** Reads a dataset file (JSONL, JSON array, CSV/TSV) into examples, or fails with a located error. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsvRecords } from './csvRecords';
import { DatasetError } from './datasetError';
import { DEFAULT_MAPPING, type Dataset, type DatasetFormat, type FieldMapping } from './datasetTypes';
import { buildExamples } from './exampleBuilder';
import { parseJsonArrayRecords, parseJsonlRecords } from './jsonRecords';
import type { RawTable } from './rawRecords';
import { decodeUtf8 } from './utf8Text';

/** How to read a dataset. */
export interface LoadOptions {
  /** Input and output fields; default `{ inputs: ['input'], output: 'output' }`. */
  readonly mapping?: FieldMapping;
  /** Overrides the format implied by the file extension. */
  readonly format?: DatasetFormat;
  /** Treat JSON numbers and booleans as errors instead of converting them to text. */
  readonly rejectNumbers?: boolean;
}

/** The format a file name implies, or undefined for an unknown extension. */
export function detectFormat(file: string): DatasetFormat | undefined {
  switch (extname(file).toLowerCase()) {
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.json':
      return 'json';
    case '.csv':
      return 'csv';
    case '.tsv':
      return 'tsv';
    default:
      return undefined;
  }
}

/** Reads and parses `file`. Every failure, including a missing file, is a {@link DatasetError}. */
export async function loadDataset(file: string, options: LoadOptions = {}): Promise<Dataset> {
  const format = resolveFormat(file, options.format);
  return parseDataset(await readDatasetText(file), file, { ...options, format });
}

/** Parses dataset text already in memory (an open editor buffer, a test); `file` names it in errors. */
export function parseDataset(text: string, file: string, options: LoadOptions = {}): Dataset {
  const format = resolveFormat(file, options.format);
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  checkMapping(mapping, file);
  const table = parseRawTable(text, file, format);
  const policy = options.rejectNumbers === undefined ? {} : { rejectNumbers: options.rejectNumbers };
  const { examples, warnings } = buildExamples(table, file, mapping, policy);
  if (examples.length === 0) throw noRecords(file);
  return { file, format, mapping, examples, warnings };
}

/** The file's text; unreadable files and invalid UTF-8 become a {@link DatasetError}. */
export async function readDatasetText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    // Decoded in one piece: readFile(file, 'utf8') joins chunks into a rope that the parser
    // flattens again, which holds the text twice on the heap.
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(e)})`;
    throw new DatasetError('io', file, why);
  }
  return decodeUtf8(bytes, file);
}

/**
 * Parses `text` in `format` to raw records; an empty text is an error here, a text with no
 * record (only blank lines, an empty array) is one once the records have been visited.
 */
export function parseRawTable(raw: string, file: string, format: DatasetFormat): RawTable {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') throw new DatasetError('empty', file, 'the dataset is empty');
  return format === 'jsonl' ? parseJsonlRecords(text, file) : format === 'json' ? parseJsonArrayRecords(text, file) : parseCsvRecords(text, file, format === 'tsv' ? '\t' : ',');
}

/** The error for a dataset whose text holds no record. */
export function noRecords(file: string): DatasetError {
  return new DatasetError('empty', file, 'the dataset has no records');
}

/** The explicit format, else the one the extension implies, else an error naming both options. */
export function resolveFormat(file: string, format: DatasetFormat | undefined): DatasetFormat {
  const resolved = format ?? detectFormat(file);
  if (resolved === undefined) {
    throw new DatasetError('unknown-format', file, `unknown dataset format "${extname(file)}": use .jsonl, .json, .csv or .tsv, or name the format`);
  }
  return resolved;
}

function checkMapping(mapping: FieldMapping, file: string): void {
  if (mapping.inputs.length === 0) throw new DatasetError('missing-field', file, 'the field mapping names no input field');
  if (mapping.inputs.includes(mapping.output)) {
    throw new DatasetError('missing-field', file, `field "${mapping.output}" is mapped as both an input and the output`);
  }
}
