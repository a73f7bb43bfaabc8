/**
 * Turning per-example results into paired evidence: each returned prompt against the original
 * on the same examples (matched by example index; an example a request failed for, on either
 * side, is left out of the pair). The held-out comparisons get Holm's correction across the
 * portfolio, so offering the best of several prompts does not inflate the claim.
 */
import { ALPHA, comparePaired, examplesToSettle, holmAdjust, verdictOf } from '../eval/pairedComparison';
import type { ExampleResult, HeldOutComparison, ValidationPairing } from './runEvents';

/** Mean score per example index over the answered results (a repeated example is averaged). */
export function scoresByExample(results: readonly ExampleResult[]): Map<number, number> {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const r of results) {
    if (r.failed) continue;
    const s = sums.get(r.exampleIndex) ?? { sum: 0, count: 0 };
    s.sum += r.score;
    s.count++;
    sums.set(r.exampleIndex, s);
  }
  return new Map([...sums].map(([index, s]) => [index, s.sum / s.count]));
}

/** The two score lists over the examples both sides have, in example-index order. */
export function alignPairs(candidate: ReadonlyMap<number, number>, original: ReadonlyMap<number, number>): { candidate: number[]; original: number[] } {
  const shared = [...candidate.keys()].filter((i) => original.has(i)).sort((a, b) => a - b);
  return { candidate: shared.map((i) => candidate.get(i) as number), original: shared.map((i) => original.get(i) as number) };
}

/**
 * Every candidate but the original against the original on the test results, Holm-corrected
 * across them. `seed` fixes the bootstrap for graded metrics (each candidate gets its own stream).
 */
export function heldOutComparisons(
  results: ReadonlyMap<number, readonly ExampleResult[]>,
  originalId: number,
  seed: number,
): Map<number, HeldOutComparison> {
  const original = scoresByExample(results.get(originalId) ?? []);
  const ids = [...results.keys()].filter((id) => id !== originalId);
  const stats = ids.map((id) => {
    const pairs = alignPairs(scoresByExample(results.get(id) ?? []), original);
    return comparePaired(pairs.candidate, pairs.original, seed + id);
  });
  const adjusted = holmAdjust(stats.map((s) => s.pValue));
  const out = new Map<number, HeldOutComparison>();
  ids.forEach((id, k) => {
    const s = stats[k];
    const adjustedP = adjusted[k];
    if (s === undefined || adjustedP === undefined || s.pairedExamples === 0) return;
    const verdict = verdictOf(s.delta, adjustedP);
    // The family-wise level a comparison would need to pass if the portfolio stayed this size.
    const needed = verdict === 'no reliable difference' ? examplesToSettle(s.delta, s.sdDifference, ALPHA / Math.max(1, ids.length)) : undefined;
    out.set(id, {
      delta: s.delta,
      interval: s.interval,
      pValue: s.pValue,
      adjustedP,
      verdict,
      pairedExamples: s.pairedExamples,
      method: s.method,
      examplesNeeded: needed,
    });
  });
  return out;
}

/** A candidate against the original on the validation examples both were scored on. */
export function validationPairing(candidate: ReadonlyMap<number, number>, original: ReadonlyMap<number, number>): ValidationPairing | undefined {
  const pairs = alignPairs(candidate, original);
  const n = pairs.candidate.length;
  if (n === 0) return undefined;
  const delta = pairs.candidate.reduce((s, c, i) => s + c - (pairs.original[i] as number), 0) / n;
  return { delta, pairedExamples: n };
}

/**
 * The validation examples (from `pool`, in pool order) that some candidate in `ids` was scored
 * on and the original (id 0) was not: what the original needs to be paired with all of them.
 */
export function originalPairingExamples<E extends { readonly index: number }>(
  pool: readonly E[],
  book: { byExample(candidate: number): ReadonlyMap<number, number> },
  ids: readonly number[],
): E[] {
  const original = book.byExample(0);
  const wanted = new Set<number>();
  for (const id of ids) {
    if (id === 0) continue;
    for (const index of book.byExample(id).keys()) if (!original.has(index)) wanted.add(index);
  }
  return pool.filter((e) => wanted.has(e.index));
}
