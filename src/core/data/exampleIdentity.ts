/**
 * Which example a score belongs to, across runs and files: a hash of the example's mapped
 * inputs and expected output, so two evaluations are paired on the same examples even when
 * rows were added, removed or reordered. A row that repeats an earlier one gets its
 * occurrence number (`<hash>#2`), so duplicates pair one to one.
 */
import { sha256Hex, stableHash } from '../cache/stableHash';
import type { Example } from './datasetTypes';

/** The content hash of one example (inputs and expected output). */
export function exampleHash(example: Pick<Example, 'inputs' | 'output'>): string {
  return stableHash({ inputs: example.inputs, output: example.output }).slice(0, 16);
}

/** The identities of `examples`, in order (see the module comment). */
export function exampleIdentities(examples: readonly Pick<Example, 'inputs' | 'output'>[]): string[] {
  const seen = new Map<string, number>();
  return examples.map((example) => {
    const hash = exampleHash(example);
    const count = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, count);
    return count === 1 ? hash : `${hash}#${count}`;
  });
}

/** A hash of a list of identities: equal exactly when the same examples were used in the same order. */
export function identitiesHash(ids: readonly string[]): string {
  return sha256Hex(ids.join('\n'));
}
