/**
 * The placeholder rules of the three template syntaxes prompts use in code:
 * Python format strings (`{name}`, with `{{`/`}}` for literal braces), Mustache/Jinja
 * (`{{name}}`, `{{ name }}`, `{{{name}}}`) and JavaScript template literals (`${name}`).
 * Only identifier-named placeholders count, so JSON such as `{"a": 1}` is never a variable.
 */

/** A template syntax. */
export type TemplateSyntax = 'python' | 'mustache' | 'js';

/** Every syntax, in the order detection prefers them on a tie. */
export const TEMPLATE_SYNTAXES: readonly TemplateSyntax[] = ['js', 'mustache', 'python'];

/** One placeholder occurrence: `text.slice(start, end) === raw`. */
export interface Placeholder {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly raw: string;
}

// Python: a field name with an optional conversion and format spec, e.g. {x}, {x!r}, {x:>10}.
const PY_FIELD = /\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}/y;
const MUSTACHE = /\{\{\{\s*([A-Za-z_][\w.]*)\s*\}\}\}|\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;
const JS = /\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g;

/** Placeholders of `syntax` in `text`, in order. */
export function findPlaceholders(text: string, syntax: TemplateSyntax): Placeholder[] {
  if (syntax === 'python') return scanPython(text).placeholders;
  const re = new RegExp(syntax === 'js' ? JS : MUSTACHE);
  const out: Placeholder[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (syntax === 'js' && text[m.index - 1] === '\\') continue;
    const name = m[1] ?? m[2] ?? '';
    out.push({ name, start: m.index, end: m.index + m[0].length, raw: m[0] });
  }
  return out;
}

/** A Python format string read as such. */
export interface PythonScan {
  readonly placeholders: Placeholder[];
  /** Offsets of single `{` or `}` that are neither a field nor an escape: `str.format` would reject them. */
  readonly strayBraces: number[];
}

/** Reads `text` with `str.format` rules. */
export function scanPython(text: string): PythonScan {
  const placeholders: Placeholder[] = [];
  const strayBraces: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      i += 2;
    } else if (c === '{') {
      PY_FIELD.lastIndex = i;
      const m = PY_FIELD.exec(text);
      if (m) {
        placeholders.push({ name: m[1] ?? '', start: i, end: i + m[0].length, raw: m[0] });
        i += m[0].length;
      } else strayBraces.push(i++);
    } else {
      if (c === '}') strayBraces.push(i);
      i++;
    }
  }
  return { placeholders, strayBraces };
}

/** The canonical placeholder for `name` in `syntax`. */
export function placeholderFor(name: string, syntax: TemplateSyntax): string {
  if (syntax === 'python') return `{${name}}`;
  if (syntax === 'mustache') return `{{${name}}}`;
  return `\${${name}}`;
}

/** Doubles every stray brace so that `text` becomes a valid Python format string. */
export function escapeStrayBraces(text: string): string {
  const stray = new Set(scanPython(text).strayBraces);
  if (stray.size === 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) out += stray.has(i) ? (text[i] ?? '') + (text[i] ?? '') : text[i];
  return out;
}
