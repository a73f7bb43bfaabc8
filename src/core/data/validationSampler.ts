/**
 * Deterministic validation batches. Batch 0 is the objective every candidate is first
 * scored on (the same examples for all, so scores compare). Batches 1, 2, ... are fresh
 * examples for re-evaluating leaders; each candidate gets them in the same order, so two
 * re-evaluated candidates are compared on the same examples too.
 */
import type { Example } from './datasetTypes';

/** Examples handed out for one evaluation request. */
export interface ValidationDraw {
  /** Batch indices used, in order. */
  readonly batches: readonly number[];
  readonly examples: readonly Example[];
  /** True when the pool ran out and examples repeat across batches. */
  readonly reused: boolean;
}

/** Hands out fixed-size slices of a seeded validation pool, wrapping around when exhausted. */
export class ValidationSampler {
  private readonly nextBatch = new Map<string | number, number>();
  /** Examples per batch: the requested size, capped at the pool size. */
  readonly batchSize: number;

  constructor(
    private readonly pool: readonly Example[],
    batchSize: number,
  ) {
    this.batchSize = Math.max(1, Math.min(batchSize, pool.length));
  }

  /** Distinct batches before examples repeat. */
  get distinctBatches(): number {
    return Math.floor(this.pool.length / this.batchSize);
  }

  /** Batch `k` (0-based): always the same examples for the same pool. */
  batch(k: number): Example[] {
    const out: Example[] = [];
    for (let i = 0; i < this.batchSize; i++) {
      const example = this.pool[(k * this.batchSize + i) % this.pool.length];
      if (example !== undefined) out.push(example);
    }
    return out;
  }

  /**
   * The next `count` batches `candidate` has not been scored on: the first call gives
   * batch 0, the objective; later calls give fresh batches for re-evaluation.
   */
  take(candidate: string | number, count = 1): ValidationDraw {
    const first = this.nextBatch.get(candidate) ?? 0;
    this.nextBatch.set(candidate, first + count);
    const batches = Array.from({ length: count }, (_, i) => first + i);
    return {
      batches,
      examples: batches.flatMap((k) => this.batch(k)),
      reused: (first + count) * this.batchSize > this.pool.length,
    };
  }

  /** Batches already handed to `candidate`. */
  used(candidate: string | number): number {
    return this.nextBatch.get(candidate) ?? 0;
  }
}
