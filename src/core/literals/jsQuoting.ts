/** Writes text as the content of a JavaScript string or template literal. */
import type { QuoteChar } from './promptLiteral';
import { hexEscape, isControl, isLoneSurrogate, unicodeEscape } from './charEscapes';

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

function escapeChar(text: string, i: number, quote: QuoteChar): string {
  const c = text[i] ?? '';
  const code = text.charCodeAt(i);
  if (c === '\\' || c === quote) return `\\${c}`;
  if (quote === '`') {
    // Templates hold line breaks and tabs as they are; a raw CR would be read back as LF.
    if (c === '$' && text[i + 1] === '{') return '\\$';
    if (c === '\n' || c === '\t') return c;
  }
  if (isControl(code)) return NAMED[c] ?? hexEscape(code);
  if (code === 0x2028 || code === 0x2029 || isLoneSurrogate(text, i)) return unicodeEscape(code);
  return c;
}

/**
 * `text` escaped for a literal delimited by `quote`: backslashes and the quote always;
 * in quoted strings line breaks as `\n`; in templates a `${` that is text as `\${`.
 */
export function escapeJsText(text: string, quote: QuoteChar): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += escapeChar(text, i, quote);
  return out;
}
