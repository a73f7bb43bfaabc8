/** The fields a dataset's records carry, for the field-mapping quick pick. */
import type { DatasetFormat } from './datasetTypes';
import { noRecords, parseRawTable, readDatasetText, resolveFormat } from './datasetLoader';

/** One field seen in the dataset. */
export interface DatasetField {
  readonly name: string;
  /** Records that have this field. */
  readonly count: number;
  /** The first non-empty value, shortened, to help the user recognise the field. */
  readonly sample: string;
  /** True when at least one value is not text (a nested object, array or null). */
  readonly hasNonText: boolean;
}

const SAMPLE_LENGTH = 60;

/** Fields of the dataset at `file`, in first-seen order. Broken files throw a {@link DatasetError}. */
export async function listDatasetFields(file: string, format?: DatasetFormat): Promise<DatasetField[]> {
  return listFieldsInText(await readDatasetText(file), file, resolveFormat(file, format));
}

/** Same as {@link listDatasetFields} for text already in memory. */
export function listFieldsInText(text: string, file: string, format: DatasetFormat): DatasetField[] {
  const table = parseRawTable(text, file, format);
  const fields = new Map<string, { count: number; sample: string; hasNonText: boolean }>();
  let records = 0;
  table.forEachRecord((record) => {
    records++;
    for (const [name, value] of Object.entries(record.fields)) {
      const entry = fields.get(name) ?? { count: 0, sample: '', hasNonText: false };
      entry.count++;
      const isText = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      if (!isText) entry.hasNonText = true;
      else if (entry.sample === '' && String(value).trim() !== '') entry.sample = shorten(String(value));
      fields.set(name, entry);
    }
  });
  if (records === 0) throw noRecords(file);
  return [...fields].map(([name, entry]) => ({ name, ...entry }));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= SAMPLE_LENGTH ? oneLine : oneLine.slice(0, SAMPLE_LENGTH - 1) + '…';
}
