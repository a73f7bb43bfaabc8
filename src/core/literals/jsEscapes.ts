/** Cooking of JavaScript escape sequences (ECMA-262 §12.9.4 string literals, §13.2.8 templates). */

const SIMPLE: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v',
};

function isOctalDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function fromHex(hex: string): string {
  const code = Number.parseInt(hex, 16);
  return Number.isNaN(code) ? hex : String.fromCodePoint(code);
}

/** The characters one escape sequence token (`\n`, `\x41`, `\u{1F600}`, `\<newline>`) stands for. */
export function decodeJsEscape(token: string): string {
  const body = token.slice(1);
  const c = body[0] ?? '';
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  if (c === 'x') return fromHex(body.slice(1, 3));
  if (c === 'u') return body[1] === '{' ? fromHex(body.slice(2, -1)) : fromHex(body.slice(1, 5));
  // A backslash before a line terminator is a line continuation: it stands for nothing.
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return '';
  if (isOctalDigit(c)) {
    let digits = c;
    for (const d of body.slice(1)) if (isOctalDigit(d)) digits += d;
    return String.fromCharCode(Number.parseInt(digits, 8));
  }
  return body;
}
