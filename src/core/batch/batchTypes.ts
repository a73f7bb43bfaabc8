/**
 * Types of the batch engine: a chat request as one line of a Batch API input file, what
 * becomes of a line, the channel the LLM client hands its lines to in batch mode, and the
 * progress a waiting run reports.
 */
import type { AttemptFailure } from '../llm/failureBreaker';

/** One chat request as a batch line; `customId` is the request's cache key. */
export interface BatchLine {
  readonly customId: string;
  /** The body a direct POST /v1/chat/completions would send. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** What became of one line: its response body, a failure, or a cancel (the caller's signal). */
export type BatchLineResult =
  /** `shared`: the line of an identical request made at the same time (counted and paid once, there). */
  | { readonly status: 'ok'; readonly body: unknown; readonly shared?: boolean }
  | { readonly status: 'failed'; readonly failure: AttemptFailure }
  | { readonly status: 'cancelled' };

/** Where the LLM client sends chat requests in batch mode (batchCollector.ts). */
export interface BatchChannel {
  /** `onSent` is called once, just before the line is uploaded (it counts as a call). */
  submit(line: BatchLine, signal: AbortSignal | undefined, onSent: () => void): Promise<BatchLineResult>;
}

/** A batch the run is waiting for, as the progress shows it. */
export interface BatchProgress {
  readonly batchId: string;
  readonly status: string;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /** The wait before the next check. */
  readonly nextCheckMs: number;
  /** "waiting for batch batch_abc (12 of 80 lines done, in_progress); next check in 5 s". */
  readonly message: string;
}

/** A batch as the endpoint reports it. */
export interface BatchStatus {
  readonly id: string;
  readonly status: string;
  readonly outputFileId: string | undefined;
  readonly errorFileId: string | undefined;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Validation errors of a failed batch. */
  readonly errors: readonly string[];
}

/** Batch statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'expired', 'failed', 'cancelled']);
