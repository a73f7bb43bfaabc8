/**
 * Where a judge's rubric comes from: `--rubric` and `zopo.judgeRubric` take the criteria as
 * text or the path of a file holding them. A one-line value with no spaces that has a path
 * separator or ends in a file extension ("rubric.md", "docs/grading.txt") names a file; when
 * no such file exists that is a mistake to report, never criteria to grade by.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** True when `value` reads as a file path rather than as grading criteria; see the module comment. */
export function namesRubricFile(value: string): boolean {
  const text = value.trim();
  return text !== '' && !/\s/.test(text) && (/[\\/]/.test(text) || /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(text));
}

/** A rubric read from a file, the value itself as criteria, or why neither. */
export type RubricSource =
  | { readonly kind: 'file'; readonly path: string; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'problem'; readonly message: string };

/**
 * Reads the rubric `value` names (relative to `dir`), or takes it as criteria: an existing
 * file is read, a directory or a missing file that the value names ({@link namesRubricFile})
 * is a problem (with the value first, as file:line messages have it).
 */
export function readRubricSource(value: string, dir: string): RubricSource {
  if (value.includes('\n')) return { kind: 'text', text: value };
  const path = resolve(dir, value.trim());
  if (existsSync(path)) {
    if (!statSync(path).isFile()) return { kind: 'problem', message: `${value.trim()}: is a directory, not a rubric file` };
    try {
      return { kind: 'file', path, text: readFileSync(path, 'utf8') };
    } catch (error) {
      return { kind: 'problem', message: `${value.trim()}: cannot read the rubric (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (namesRubricFile(value)) return { kind: 'problem', message: `${value.trim()}: no such rubric file (in ${dir}); give the path of an existing file, or the grading criteria as text` };
  return { kind: 'text', text: value };
}
