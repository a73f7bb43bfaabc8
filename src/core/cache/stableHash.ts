/**
 * Stable hashing of JSON-like values: keys sorted at every level, so two equal requests
 * hash alike whatever order their fields were built in.
 */
import { createHash } from 'node:crypto';

/** JSON text with object keys sorted recursively; `undefined` fields are left out as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hex SHA-256 of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hex SHA-256 of a value's canonical JSON. */
export function stableHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
