/** Character-level helpers shared by the JavaScript and Python quoting rules. */

/** `\xHH` for a code unit below 0x100. */
export function hexEscape(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** `\uHHHH` for one UTF-16 code unit (lowercase hex, valid in both languages). */
export function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether the code unit at `i` is half of a surrogate pair with no partner. */
export function isLoneSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const prev = text.charCodeAt(i - 1);
    return !(prev >= 0xd800 && prev <= 0xdbff);
  }
  return false;
}

/** C0 controls and DEL. */
export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}
