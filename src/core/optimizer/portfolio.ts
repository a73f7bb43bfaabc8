/**
 * Choosing what a search returns: candidates ranked by a shrunken estimate of their
 * accuracy, each reported with a Wilson score interval over all its evaluations.
 * Shrinking towards the pool's observed mean (a Beta prior worth `priorWeight` examples)
 * discounts a lucky single evaluation, the winner's curse of picking the best observed.
 */
import type { ObservationLog } from './observationLog';
import type { Pick } from './types';

/** Wilson score interval for `correct` successes in `total` trials (z = 1.96: 95%). */
export function wilsonInterval(correct: number, total: number, z = 1.96): [number, number] {
  if (total <= 0) return [0, 1];
  const p = Math.min(1, Math.max(0, correct / total));
  const z2 = z * z;
  const denom = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Posterior mean of a Beta prior with mean `priorMean` and weight `priorWeight` examples. */
export function shrunkMean(correct: number, total: number, priorMean: number, priorWeight: number): number {
  return (correct + priorWeight * priorMean) / (total + priorWeight);
}

/** Ranks told candidates by `score` (higher first; ties: more examples, then earlier). */
export function rankCandidates(log: ObservationLog, score: (i: number) => number): number[] {
  const order = log.told.map((c, at) => ({ c, at, s: score(c), t: log.total[c] as number }));
  order.sort((a, b) => b.s - a.s || b.t - a.t || a.at - b.at);
  return order.map((o) => o.c);
}

/**
 * Orders ranked candidates so that local optima come first: a candidate is a local
 * optimum when it ranks above each of its `k` nearest told neighbours (`neighbours(c)`).
 * The leader is always one, so the first pick does not change; the next picks are the
 * best of other basins rather than the leader's neighbours.
 */
export function optimaFirst(ranked: readonly number[], neighbours: (c: number) => readonly number[]): number[] {
  const rank = new Map(ranked.map((c, r) => [c, r]));
  const optima: number[] = [];
  const rest: number[] = [];
  for (const c of ranked) {
    const r = rank.get(c) as number;
    const isOptimum = neighbours(c).every((o) => o === c || (rank.get(o) ?? Infinity) > r);
    (isOptimum ? optima : rest).push(c);
  }
  return [...optima, ...rest];
}

/**
 * The top `size` candidates under `score`, as Picks with Wilson intervals; with
 * `neighbours`, distinct local optima first (see {@link optimaFirst}).
 */
export function pickPortfolio(
  log: ObservationLog,
  size: number,
  score: (i: number) => number,
  neighbours?: (c: number) => readonly number[],
): Pick[] {
  const ranked = rankCandidates(log, score);
  const ordered = neighbours && size > 1 ? optimaFirst(ranked, neighbours) : ranked;
  return ordered
    .slice(0, Math.max(0, size))
    .map((candidate) => {
      const correct = log.correct[candidate] as number;
      const total = log.total[candidate] as number;
      const [lower, upper] = wilsonInterval(correct, total);
      return { candidate, mean: correct / total, lower, upper, total };
    });
}
