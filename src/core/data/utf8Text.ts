/**
 * Dataset bytes to text, refusing invalid UTF-8. Decoding with replacement would turn a
 * Latin-1 or binary file into text with U+FFFD in it, and the run would score prompts on
 * data the user never wrote; instead the first bad byte is reported at its line and column.
 */
import { isUtf8 } from 'node:buffer';
import { DatasetError } from './datasetError';

/**
 * Offset of the first byte of the first invalid UTF-8 sequence (a stray continuation byte,
 * an overlong or surrogate form, a truncated sequence), or -1 when `bytes` is valid UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Continuation bytes after lead byte `b` and the range of the first of them, or undefined (RFC 3629, table 3-7). */
function leadByte(b: number): readonly [count: number, low: number, high: number] | undefined {
  if (b >= 0xc2 && b <= 0xdf) return [1, 0x80, 0xbf];
  if (b === 0xe0) return [2, 0xa0, 0xbf]; // no overlong forms
  if (b === 0xed) return [2, 0x80, 0x9f]; // no UTF-16 surrogates
  if (b >= 0xe1 && b <= 0xef) return [2, 0x80, 0xbf];
  if (b === 0xf0) return [3, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [3, 0x80, 0xbf];
  if (b === 0xf4) return [3, 0x80, 0x8f]; // nothing above U+10FFFF
  return undefined;
}

/** Bytes of the valid sequence starting at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  if (b < 0x80) return 1;
  const lead = leadByte(b);
  if (lead === undefined || i + lead[0] >= bytes.length) return 0;
  const [count, low, high] = lead;
  const second = bytes[i + 1] ?? 0;
  if (second < low || second > high) return 0;
  for (let k = 2; k <= count; k++) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return count + 1;
}

/** The text of `bytes`; invalid UTF-8 is a {@link DatasetError} at the bad byte's line and column. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const offset = firstInvalidUtf8(bytes);
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  // Columns count UTF-16 code units, as editors and the other dataset errors do; a BOM is not a column.
  const bom = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const column = bytes.subarray(lineStart + bom, offset).toString('utf8').length + 1;
  const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  throw new DatasetError('invalid-utf8', file, `invalid UTF-8 (byte 0x${hex}): save the file as UTF-8`, line, column);
}
