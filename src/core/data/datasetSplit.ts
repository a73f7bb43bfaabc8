/**
 * A seeded split of a dataset into demonstrations (shown to the LLM that writes candidate
 * prompts), a validation pool (the optimizer's objective) and a held-out test set (never
 * seen during the search). Demonstrations and validation are disjoint so that a candidate
 * induced from the demos is not scored on the very examples it was written from.
 */
import { Rng } from '../optimizer/random';
import { DatasetError } from './datasetError';
import type { Example } from './datasetTypes';
import { ValidationSampler } from './validationSampler';

/** How to split. */
export interface SplitOptions {
  /** Seed for the shuffle; the same seed and rows give the same split. */
  readonly seed: number;
  /** Examples per validation batch (one query; the ZOPO reference uses 20). */
  readonly validationSize: number;
  /** A separately loaded test set; when given, nothing is held out of the main rows. */
  readonly testExamples?: readonly Example[];
  /** Share of rows held out for the test set when there is no test file. Default 0.2. */
  readonly testFraction?: number;
  /** Share of the remaining rows used as demonstrations. Default 0.3. */
  readonly demoFraction?: number;
  /** Exact number of demonstrations; overrides `demoFraction`. */
  readonly demoCount?: number;
  /** Name used in errors (the dataset file). */
  readonly file?: string;
}

/** The three disjoint parts, plus the deterministic validation batches. */
export interface DatasetSplit {
  readonly demos: readonly Example[];
  /** The whole validation pool, in seeded order; batches are slices of it. */
  readonly validation: readonly Example[];
  readonly test: readonly Example[];
  readonly sampler: ValidationSampler;
  /** Things the user should know, such as a pool too small for fresh re-evaluation batches. */
  readonly warnings: readonly string[];
}

/** Splits `examples` as described in {@link SplitOptions}; too few rows is a {@link DatasetError}. */
export function splitDataset(examples: readonly Example[], options: SplitOptions): DatasetSplit {
  const file = options.file ?? '<dataset>';
  if (!Number.isInteger(options.validationSize) || options.validationSize < 1) {
    throw new DatasetError('too-small', file, `validation size must be a positive integer, got ${options.validationSize}`);
  }
  const rng = new Rng(options.seed);
  const shuffled = rng.shuffle([...examples]);
  const testCount = options.testExamples ? 0 : heldOutCount(shuffled.length, options.testFraction ?? 0.2);
  const rest = shuffled.length - testCount;
  const demoCount = options.demoCount ?? Math.max(1, Math.round(rest * (options.demoFraction ?? 0.3)));
  const needed = testCount + demoCount + 1;
  if (shuffled.length < needed || demoCount < 1) {
    const parts = options.testExamples ? 'a demonstration and a validation example' : 'a test, a demonstration and a validation example';
    throw new DatasetError('too-small', file, `${shuffled.length} examples are too few: need at least ${needed} (${parts})`);
  }
  const test = options.testExamples ?? shuffled.slice(0, testCount);
  const demos = shuffled.slice(testCount, testCount + demoCount);
  const validation = shuffled.slice(testCount + demoCount);
  return { demos, validation, test, sampler: new ValidationSampler(validation, options.validationSize), warnings: splitWarnings(validation.length, options.validationSize) };
}

function heldOutCount(n: number, fraction: number): number {
  if (!(fraction > 0)) return 0;
  return Math.max(1, Math.round(n * fraction));
}

function splitWarnings(poolSize: number, validationSize: number): string[] {
  if (poolSize < validationSize) {
    return [`the validation pool has ${poolSize} examples, fewer than the validation size ${validationSize}: each query uses all of them`];
  }
  if (poolSize < 3 * validationSize) {
    return [`the validation pool has ${poolSize} examples: re-evaluating on 2 x ${validationSize} fresh examples will reuse some`];
  }
  return [];
}
