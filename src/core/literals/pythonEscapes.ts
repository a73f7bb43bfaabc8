/** Decoding of Python `str` escape sequences (Python reference, "Escape sequences"). */

const SIMPLE: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function isOctalDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function fromHex(hex: string, width: number): string | undefined {
  if (hex.length !== width) return undefined;
  const code = Number.parseInt(hex, 16);
  return Number.isNaN(code) || code > 0x10ffff ? undefined : String.fromCodePoint(code);
}

/**
 * The characters one escape token stands for, or `undefined` when it cannot be
 * decoded here (`\N{name}` needs the Unicode name database).
 * Unknown escapes such as `\d` keep their backslash, as in Python.
 */
export function decodePythonEscape(token: string): string | undefined {
  const body = token.slice(1);
  const c = body[0] ?? '';
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  if (c === '\n' || c === '\r') return '';
  if (c === 'x') return fromHex(body.slice(1), 2) ?? token;
  if (c === 'u') return fromHex(body.slice(1), 4) ?? token;
  if (c === 'U') return fromHex(body.slice(1), 8) ?? token;
  if (c === 'N') return undefined;
  if (isOctalDigit(c)) {
    let digits = '';
    for (const d of body.slice(0, 3)) {
      if (!isOctalDigit(d)) break;
      digits += d;
    }
    return String.fromCharCode(Number.parseInt(digits, 8)) + body.slice(digits.length);
  }
  return token;
}
