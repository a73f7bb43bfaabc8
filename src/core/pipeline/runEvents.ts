/**
 * The typed events one optimization run emits. The orchestrator produces them; the CLI, the
 * editor (status bar, panel, Runs view) and tests consume them. Plain data: JSON-serialisable,
 * no secrets, so the editor can forward them to the webview unchanged.
 */
import type { Verdict } from '../eval/pairedComparison';

export type RunPhase =
  | 'loading'
  | 'generating'
  | 'embedding'
  | 'estimating'
  | 'searching'
  | 'reevaluating'
  | 'testing'
  | 'finished';

export interface UsageSnapshot {
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Undefined when the model's price is unknown. */
  readonly costUsd: number | undefined;
  readonly cacheHits: number;
  readonly failures: number;
  /** This session's chat usage per model (chat, writer, judge), each at its own price. */
  readonly models?: readonly ModelUsageSnapshot[];
}

/** One model's part of the usage. */
export interface ModelUsageSnapshot {
  readonly model: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Undefined when the model's price is unknown. */
  readonly costUsd: number | undefined;
}

export interface CandidateInfo {
  readonly id: number;
  readonly text: string;
  /** 'original' for the user's prompt; otherwise how it was made. */
  readonly origin: string;
  /** 2-D projection of the embedding (PCA over the pool), for the panel's map. */
  readonly xy: readonly [number, number];
}

export interface ExampleResult {
  readonly exampleIndex: number;
  readonly output: string;
  readonly expected: string;
  readonly score: number;
  readonly failed: boolean;
  /** Failed because the output could not be graded (an LLM judge gave no score), not because the request failed. */
  readonly ungraded?: boolean;
  readonly detail?: string;
}

/** A prompt against the original on the same held-out test examples (see eval/pairedComparison.ts). */
export interface HeldOutComparison {
  /** Mean of prompt − original per test example. */
  readonly delta: number;
  /** 95% paired interval for `delta`. */
  readonly interval: readonly [number, number];
  readonly pValue: number;
  /** `pValue` after Holm's correction across the portfolio: the verdict uses this. */
  readonly adjustedP: number;
  readonly verdict: Verdict;
  readonly pairedExamples: number;
  readonly method: 'mcnemar-exact' | 'paired-bootstrap';
  /**
   * For an unsettled verdict: the paired test examples in all (not more) that would tell the
   * observed difference from none with 80% power; undefined when the observed difference is 0.
   */
  readonly examplesNeeded: number | undefined;
}

/** A prompt against the original on the validation examples both were scored on. */
export interface ValidationPairing {
  readonly delta: number;
  readonly pairedExamples: number;
}

export interface PortfolioItem {
  readonly candidateId: number;
  readonly text: string;
  /** Validation mean (details: the held-out comparison leads). */
  readonly score: number;
  readonly interval: readonly [number, number];
  readonly examples: number;
  readonly testScore: number | undefined;
  /** The held-out verdict; absent for the original and for untested runs. */
  readonly test?: HeldOutComparison;
  /** Absent for the original and when no validation example is shared. */
  readonly validationPaired?: ValidationPairing;
}

export type RunEvent =
  | { readonly type: 'phase'; readonly phase: RunPhase; readonly detail?: string }
  | { readonly type: 'candidates'; readonly candidates: readonly CandidateInfo[] }
  | { readonly type: 'evaluationStarted'; readonly candidateId: number; readonly query: number; readonly reason: string }
  | {
      readonly type: 'evaluationFinished';
      readonly candidateId: number;
      /** Queries spent so far, this evaluation included. */
      readonly queries: number;
      readonly budget: number;
      readonly score: number;
      readonly examples: number;
      readonly failedExamples: number;
      readonly reason: string;
      /** Per-example detail; omitted from events once the run is large, kept in the run directory. */
      readonly results?: readonly ExampleResult[];
    }
  | { readonly type: 'newBest'; readonly candidateId: number; readonly score: number; readonly queries: number }
  | { readonly type: 'usage'; readonly usage: UsageSnapshot }
  | { readonly type: 'warning'; readonly message: string }
  /**
   * The run is waiting on the endpoint: every request paused for a Retry-After (`rateLimit`),
   * or a retry after a timeout or a long backoff (`retry`). `seconds` is the wait's length.
   */
  | {
      readonly type: 'waiting';
      /** `batch`: the run waits for a Batch API batch (`batch` says how far it is). */
      readonly reason: 'rateLimit' | 'retry' | 'batch';
      readonly seconds: number;
      readonly message: string;
      readonly batch?: BatchWaitInfo;
    }
  | {
      readonly type: 'done';
      readonly portfolio: readonly PortfolioItem[];
      readonly original: PortfolioItem;
      readonly usage: UsageSnapshot;
      readonly queries: number;
      readonly runDir: string;
      /** Outputs the LLM judge could not grade (left out of the scores); absent when none. */
      readonly failedGradings?: number;
    }
  | { readonly type: 'failed'; readonly message: string; readonly runDir: string | undefined }
  | { readonly type: 'cancelled'; readonly queries: number; readonly runDir: string | undefined };

export type RunEventListener = (event: RunEvent) => void;

/** A batch a `waiting` event is about: its id and how many of its lines are done. */
export interface BatchWaitInfo {
  readonly id: string;
  readonly status: string;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}
