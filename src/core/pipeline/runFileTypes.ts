/**
 * The shapes of the files in a run directory besides config.json and run.json: the
 * candidate pool, every evaluation (evaluations.jsonl)
 * and the final portfolio. Plain JSON, no secrets.
 */
import type { CandidateInfo, ExampleResult, PortfolioItem, UsageSnapshot } from './runEvents';

/** candidates.json: the pool the search ran over; index = candidate id. */
export interface CandidatesFile {
  readonly candidates: readonly CandidateInfo[];
  /** How the pool was embedded: `endpoint:<model>` or `lexical`. */
  readonly embedding: string;
  readonly dim: number;
  readonly generation: { readonly calls: number; readonly rejected: number; readonly duplicates: number; readonly failedCalls: number };
}

/**
 * One finished evaluation: a search query (or several, for a re-evaluation), the original's
 * scoring on the portfolio's validation examples after the search (`pairing`), or a test score.
 */
export interface EvaluationEntry {
  readonly kind: 'search' | 'pairing' | 'test';
  /** Search entries: the order they were told to the optimizer (0 is the original). */
  readonly seq: number;
  /** The ask round that proposed it (with `candidate`, its key on replay); -1 for the original and for test entries. */
  readonly round: number;
  readonly candidate: number;
  readonly reason: string;
  readonly repeats: number;
  /** Validation batches used (see ValidationSampler); empty for test entries. */
  readonly batches: readonly number[];
  /** Summed example scores over the examples that got an answer. */
  readonly correct: number;
  /** Examples that got an answer (failed requests are not scored). */
  readonly total: number;
  readonly failed: number;
  readonly score: number;
  /** Queries spent once this was told (search entries). */
  readonly queries: number;
  readonly results: readonly ExampleResult[];
  readonly time: string;
}

/** portfolio.json: what the run returns, side by side with the original. */
export interface PortfolioFile {
  readonly portfolio: readonly PortfolioItem[];
  readonly original: PortfolioItem;
  readonly queries: number;
  readonly usage: UsageSnapshot;
  /** False when the run stopped before the test-set evaluation. */
  readonly tested: boolean;
}
