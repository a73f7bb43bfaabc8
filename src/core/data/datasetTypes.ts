/** The shapes shared by the dataset loaders, the split and the prompt/eval code that reads examples. */

/** File formats a dataset may come in. `tsv` is CSV with tab delimiters. */
export type DatasetFormat = 'jsonl' | 'json' | 'csv' | 'tsv';

/** Which record fields feed the prompt and which holds the expected answer. */
export interface FieldMapping {
  /** Fields the prompt reads, in order; a prompt with several variables names several. */
  readonly inputs: readonly string[];
  /** Field holding the expected output. */
  readonly output: string;
}

/** The instruction-induction convention: `{"input": ..., "output": ...}`. */
export const DEFAULT_MAPPING: FieldMapping = { inputs: ['input'], output: 'output' };

/**
 * One dataset row as text. JSON numbers and booleans are accepted and converted to their
 * JSON text (`42` becomes `"42"`, `true` becomes `"true"`) unless the loader is told to
 * reject them; objects, arrays and null are always rejected.
 */
export interface Example {
  /** 0-based position among the dataset's examples: a stable id within one load. */
  readonly index: number;
  /** 1-based line where the record starts in its file. */
  readonly line: number;
  /** Values of the mapped input fields, keyed by field name. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The expected output. */
  readonly output: string;
}

/** A problem worth showing that does not stop the load. */
export interface DatasetWarning {
  /**
   * `blank-line`: a line with no record (skipped). `empty-field`: an input or the output is
   * empty (kept). `duplicate`: same inputs and output as an earlier row (kept).
   * `conflict`: same inputs as an earlier row but a different output (kept).
   */
  readonly kind: 'blank-line' | 'empty-field' | 'duplicate' | 'conflict';
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** For duplicates and conflicts: the line of the earlier row. */
  readonly firstLine?: number;
}

/** A loaded dataset: every row that could be read, plus the warnings about them. */
export interface Dataset {
  readonly file: string;
  readonly format: DatasetFormat;
  readonly mapping: FieldMapping;
  readonly examples: readonly Example[];
  readonly warnings: readonly DatasetWarning[];
}
