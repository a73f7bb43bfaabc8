/**
 * The record format of the cache log: one JSON object per line,
 * `{"k": key, "t": time ms, "v": value, "c": checksum}`, where the checksum is the first
 * 16 hex digits of SHA-256 over `JSON.stringify([k, t, v])`. JSON.stringify of a parsed
 * JSON value gives the same text back, so the checksum can be checked after parsing.
 */
import { sha256Hex } from './stableHash';

/** One cache entry as stored. */
export interface CacheRecord {
  readonly key: string;
  readonly time: number;
  readonly value: unknown;
}

/** The line (with its newline) for a record. */
export function encodeLine(record: CacheRecord): string {
  const valueJson = JSON.stringify(record.value) as string | undefined;
  if (valueJson === undefined) {
    // Not JSON (undefined, a function): stored without "v", which decodeLine rejects.
    const { key, time, value } = record;
    return `${JSON.stringify({ k: key, t: time, v: value, c: checksum(key, time, value) })}\n`;
  }
  return encodeJsonLine(record.key, record.time, valueJson);
}

/**
 * The same line for a value already serialised as `valueJson`, so a writer serialises each
 * value once. It is spelled out by hand, byte for byte what JSON.stringify gives for
 * `{k, t, v, c}`, and the checksum input is `JSON.stringify([k, t, v])` likewise.
 */
export function encodeJsonLine(key: string, time: number, valueJson: string): string {
  const k = JSON.stringify(key);
  const t = JSON.stringify(time);
  const c = sha256Hex(`[${k},${t},${valueJson}]`).slice(0, 16);
  return `{"k":${k},"t":${t},"v":${valueJson},"c":"${c}"}\n`;
}

function checksum(key: string, time: number, value: unknown): string {
  return sha256Hex(JSON.stringify([key, time, value])).slice(0, 16);
}

/** The record in a line, or a reason it is not usable. */
export function decodeLine(line: string): CacheRecord | { readonly error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { error: 'not JSON (truncated or corrupt)' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { error: 'not a record' };
  const { k, t, v, c } = parsed as Record<string, unknown>;
  if (typeof k !== 'string' || typeof t !== 'number' || typeof c !== 'string' || v === undefined) {
    return { error: 'missing fields' };
  }
  if (checksum(k, t, v) !== c) return { error: 'checksum mismatch' };
  return { key: k, time: t, value: v };
}
