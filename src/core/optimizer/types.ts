/**
 * The contract between a search method and whoever evaluates candidates (the pipeline's
 * orchestrator, or the offline benchmark). Methods are ask/tell state machines over a fixed
 * pool of candidates; they never see true accuracies, only observations.
 */

/** The candidate pool's embeddings: `n` rows of `dim` numbers, row-major. */
export interface EmbeddingPool {
  readonly n: number;
  readonly dim: number;
  readonly data: Float32Array;
}

/** Why a candidate is proposed; shown in progress events and the panel. */
export type ProposalReason =
  | 'initial'
  | 'gradient'
  | 'explore'
  | 'restart'
  | 'reevaluate'
  | 'random'
  | 'acquisition';

/**
 * One request to evaluate candidate `candidate` on `repeats` x valSize fresh examples.
 * It costs `repeats` queries of the budget.
 */
export interface Proposal {
  readonly candidate: number;
  readonly repeats: number;
  readonly reason: ProposalReason;
}

/**
 * The result of evaluating a proposal: `correct` is the summed per-example score
 * (0..1 each, so fractional for F1-like metrics) over `total` examples.
 */
export interface Observation {
  readonly candidate: number;
  readonly correct: number;
  readonly total: number;
}

/** A candidate the method would return, with its estimated accuracy and an interval. */
export interface Pick {
  readonly candidate: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  /** Examples behind the estimate, over all evaluations of this candidate. */
  readonly total: number;
}

export interface SearchMethod {
  readonly name: string;
  /**
   * Up to `k` proposals to evaluate concurrently; fewer (or none) when the pool or the
   * remaining budget is exhausted. Each proposal's candidate is distinct within a call.
   */
  ask(k: number): Proposal[];
  /** Reports finished evaluations, in any order. */
  tell(observations: readonly Observation[]): void;
  /** The best few distinct candidates, best first; `[0]` is what the method returns now. */
  portfolio(size: number): Pick[];
}

export interface SearchSettings {
  readonly pool: EmbeddingPool;
  /** Total queries the method may spend (re-evaluations included). */
  readonly budget: number;
  /** Examples per query; used for noise estimates. */
  readonly valSize: number;
  readonly seed: number;
  /**
   * The candidates' texts, `texts[i]` for pool row i, when the caller has them (the product
   * and the benchmark do); methods that use text features fall back to the embedding alone.
   */
  readonly texts?: readonly string[];
}
