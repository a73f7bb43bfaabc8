/**
 * Loading benchmark landscapes (`zopo-landscape/1`, see bench/README.md): a pool of candidate
 * prompts with embeddings and the expected validation accuracy of each candidate.
 */
import { readFileSync } from 'node:fs';
import type { EmbeddingPool } from '../core/optimizer/types';

export const LANDSCAPE_FORMAT = 'zopo-landscape/1';

/** A validated landscape, ready for the harness. */
export interface Landscape {
  readonly name: string;
  /** Where it was read from (or a label for in-memory landscapes); used in messages. */
  readonly source: string;
  /** Validation examples per query; 0 means observations are exact. */
  readonly valSize: number;
  readonly texts: readonly string[];
  readonly pool: EmbeddingPool;
  /** `accuracy[i]` is candidate i's expected accuracy; only the harness reads it. */
  readonly accuracy: Float64Array;
  /** The best accuracy in the pool. */
  readonly poolMax: number;
}

/** A landscape file that cannot be used, with the file and the fault in the message. */
export class LandscapeError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'LandscapeError';
  }
}

/** Reads and validates a landscape file; throws {@link LandscapeError} on any fault. */
export function loadLandscape(file: string): Landscape {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LandscapeError(file, `cannot read the file (${errorMessage(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LandscapeError(file, `not valid JSON (${errorMessage(err)})`);
  }
  return parseLandscape(raw, file);
}

/** Validates an already parsed landscape object; `source` names it in errors. */
export function parseLandscape(raw: unknown, source: string): Landscape {
  const fail = (problem: string): never => {
    throw new LandscapeError(source, problem);
  };
  if (!isRecord(raw)) return fail('the top level must be a JSON object');
  if (raw['format'] !== LANDSCAPE_FORMAT) {
    fail(`"format" must be "${LANDSCAPE_FORMAT}", found ${describe(raw['format'])}`);
  }
  const name = raw['name'];
  if (typeof name !== 'string' || name === '') fail('"name" must be a non-empty string');
  const valSize = raw['valSize'];
  if (typeof valSize !== 'number' || !Number.isInteger(valSize) || valSize < 0) {
    fail(`"valSize" must be a non-negative integer, found ${describe(valSize)}`);
  }
  const candidates = raw['candidates'];
  if (!Array.isArray(candidates) || candidates.length === 0) {
    fail('"candidates" must be a non-empty array');
  }
  const { texts, pool } = parseCandidates(candidates as unknown[], fail);
  const accuracy = parseAccuracy(raw['accuracy'], pool.n, fail);
  return {
    name: name as string,
    source,
    valSize: valSize as number,
    texts,
    pool,
    accuracy,
    poolMax: accuracy.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

function parseCandidates(
  candidates: readonly unknown[],
  fail: (problem: string) => never,
): { texts: string[]; pool: EmbeddingPool } {
  const texts: string[] = [];
  let dim = -1;
  let data = new Float32Array(0);
  candidates.forEach((c, i) => {
    if (!isRecord(c)) fail(`candidates[${i}] must be an object with "text" and "embedding"`);
    const text = c['text'];
    if (typeof text !== 'string') fail(`candidates[${i}].text must be a string`);
    const emb = c['embedding'];
    if (!Array.isArray(emb) || emb.length === 0) {
      fail(`candidates[${i}].embedding must be a non-empty array of numbers`);
    }
    const row = emb as unknown[];
    if (dim < 0) {
      dim = row.length;
      data = new Float32Array(candidates.length * dim);
    } else if (row.length !== dim) {
      fail(`candidates[${i}].embedding has length ${row.length}, but candidates[0] has ${dim}`);
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail(`candidates[${i}].embedding[${j}] is not a finite number (${describe(v)})`);
      }
      data[i * dim + j] = v;
    });
    texts.push(text);
  });
  return { texts, pool: { n: candidates.length, dim, data } };
}

function parseAccuracy(raw: unknown, n: number, fail: (problem: string) => never): Float64Array {
  if (!Array.isArray(raw)) return fail('"accuracy" must be an array of numbers');
  if (raw.length !== n) {
    fail(`"accuracy" has ${raw.length} entries but there are ${n} candidates`);
  }
  const out = new Float64Array(n);
  (raw as unknown[]).forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      fail(`accuracy[${i}] must be a number in [0, 1], found ${describe(v)}`);
    }
    out[i] = v;
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
