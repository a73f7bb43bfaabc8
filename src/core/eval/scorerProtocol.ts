/**
 * The messages between a run and the worker thread that runs a custom scorer
 * (scorerWorker.ts). The worker says `ready` once it runs; the host sends one `load`, then
 * one `score` at a time; the worker answers each with its `id`. Both sides validate what
 * they receive.
 */
import type { Example } from '../data/datasetTypes';

/** Host -> worker: load the module (once, first). */
export interface LoadRequest {
  readonly type: 'load';
  readonly file: string;
}

/** Host -> worker: call the scorer once. */
export interface ScoreRequest {
  readonly type: 'score';
  readonly id: number;
  readonly output: string;
  readonly expected: string;
  readonly example: Example | undefined;
}

/** What the host sends. */
export type HostMessage = LoadRequest | ScoreRequest;

/** An error as it crosses the thread boundary: its text and its stack, to find the line. */
export interface ThrownError {
  readonly message: string;
  readonly stack: string | undefined;
}

/** Worker -> host: the thread is up (`ready`); the module is loaded and exports a function (or why not). */
export type LoadReply = { readonly type: 'ready' } | { readonly type: 'loaded' } | { readonly type: 'loadFailed'; readonly error: ThrownError; readonly exportsNoFunction?: string };

/** Worker -> host: what one call returned, or threw. `value` is whatever the scorer returned. */
export type ScoreReply =
  | { readonly type: 'scored'; readonly id: number; readonly value: unknown }
  | { readonly type: 'threw'; readonly id: number; readonly error: ThrownError }
  | { readonly type: 'unsendable'; readonly id: number; readonly kind: string };

/** What the worker sends. */
export type WorkerMessage = LoadReply | ScoreReply;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Type guard for messages the host receives. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (!isRecord(value)) return false;
  switch (value['type']) {
    case 'ready':
    case 'loaded':
      return true;
    case 'loadFailed':
      return isRecord(value['error']);
    case 'scored':
      return typeof value['id'] === 'number';
    case 'threw':
      return typeof value['id'] === 'number' && isRecord(value['error']);
    case 'unsendable':
      return typeof value['id'] === 'number' && typeof value['kind'] === 'string';
    default:
      return false;
  }
}

/** Type guard for messages the worker receives. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  if (value['type'] === 'load') return typeof value['file'] === 'string';
  return value['type'] === 'score' && typeof value['id'] === 'number' && typeof value['output'] === 'string' && typeof value['expected'] === 'string';
}

/** An error (or anything thrown) in a form that survives postMessage. */
export function toThrownError(error: unknown): ThrownError {
  if (error instanceof Error) return { message: `${error.name}: ${error.message}`, stack: error.stack };
  try {
    return { message: `threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`, stack: undefined };
  } catch {
    // An object whose toString throws or is missing (Object.create(null)).
    return { message: `threw a ${typeof error} that cannot be shown`, stack: undefined };
  }
}
