/** Writes text as the content of a Python string, f-string, triple-quoted or raw string. */
import type { QuoteChar } from './promptLiteral';
import { hexEscape, isControl, isLoneSurrogate, unicodeEscape } from './charEscapes';

/** The delimiting rules of one Python token. */
export interface PythonStyle {
  readonly quote: QuoteChar;
  readonly triple: boolean;
  readonly fstring: boolean;
}

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(text: string, i: number, style: PythonStyle): string {
  const c = text[i] ?? '';
  const code = text.charCodeAt(i);
  if (c === '\\') return '\\\\';
  if (style.fstring && (c === '{' || c === '}')) return c + c;
  if (style.triple && (c === '\n' || c === '\t')) return c;
  if (isControl(code)) return NAMED[c] ?? hexEscape(code);
  if (isLoneSurrogate(text, i)) return unicodeEscape(code);
  return c;
}

/**
 * `text` escaped for a non-raw token of `style`. `closesToken` says the text ends
 * right before the closing quotes: a triple-quoted token then escapes a final quote.
 * Quotes are escaped where needed only: every one in a single-quoted token, and in a
 * triple-quoted one each third of a run and a quote touching the closing delimiter.
 */
export function escapePythonText(text: string, style: PythonStyle, closesToken: boolean): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== style.quote) {
      run = 0;
      out += escapeChar(text, i, style);
      continue;
    }
    run++;
    const touchesEnd = closesToken && i === text.length - 1;
    if (!style.triple || run === 3 || touchesEnd) {
      out += `\\${c}`;
      run = 0;
    } else out += c;
  }
  return out;
}

/**
 * Why `text` cannot be the verbatim content of a raw token of `style`, or `undefined`
 * when it can. Raw tokens have no escapes: a quote, a final backslash, a control
 * character (or a line break outside triple quotes) cannot be written.
 */
export function rawObstacle(text: string, style: PythonStyle, closesToken: boolean): string | undefined {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const code = text.charCodeAt(i);
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return 'it would end with a backslash';
      if (next === '\n' && !style.triple) return 'it has a line break';
      if (style.fstring && (next === '{' || next === '}')) return 'a backslash precedes a brace';
      i++;
      run = 0;
      continue;
    }
    if (c === style.quote) {
      run++;
      if (!style.triple || run === 3 || (closesToken && i === text.length - 1)) return `it contains the quote ${style.quote}`;
      continue;
    }
    run = 0;
    if (c === '\n' && !style.triple) return 'it has a line break';
    if ((isControl(code) && c !== '\t' && c !== '\n') || isLoneSurrogate(text, i)) return 'it has a control character';
  }
  return undefined;
}

/** `text` as the content of a raw token (only valid when {@link rawObstacle} found none). */
export function rawPythonText(text: string, style: PythonStyle): string {
  return style.fstring ? text.split('{').join('{{').split('}').join('}}') : text;
}
