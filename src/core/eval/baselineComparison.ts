/**
 * One prompt's per-example scores against an earlier result's, paired by example identity
 * (src/core/data/exampleIdentity.ts): the paired test of pairedComparison.ts (exact McNemar
 * for 0/1 scores, a paired bootstrap for graded ones) on the examples both scored, and the
 * score's own 95% interval (Wilson for 0/1 scores, a bootstrap otherwise). Pure maths.
 */
import { wilsonInterval } from '../optimizer/portfolio';
import { comparePaired, pairedBootstrap, verdictOf, type PairedStats, type Verdict } from './pairedComparison';

/** One scored example; examples whose request or grading failed are left out. */
export interface IdentifiedScore {
  readonly id: string;
  readonly score: number;
}

/** The mean of some scores with its 95% interval. */
export interface ScoreInterval {
  readonly mean: number;
  readonly interval: readonly [number, number];
  readonly method: 'wilson' | 'bootstrap';
}

/** The current scores against the baseline's on the examples both have. */
export interface BaselineComparison extends PairedStats {
  readonly verdict: Verdict;
  /** Means of both on the paired examples. */
  readonly currentMean: number;
  readonly baselineMean: number;
  /** Scored here but not in the baseline, and the other way round. */
  readonly onlyCurrent: number;
  readonly onlyBaseline: number;
}

/** The mean and its interval: Wilson when every score is 0 or 1, else a seeded percentile bootstrap. */
export function scoreInterval(scores: readonly number[], seed = 1): ScoreInterval {
  const n = scores.length;
  const mean = n === 0 ? 0 : scores.reduce((s, x) => s + x, 0) / n;
  if (scores.every((s) => s === 0 || s === 1)) {
    const correct = scores.filter((s) => s === 1).length;
    const [lo, hi] = wilsonInterval(correct, n);
    return { mean, interval: [lo, hi], method: 'wilson' };
  }
  // The bootstrap of the differences from 0 is the bootstrap of the scores themselves.
  const { interval } = pairedBootstrap(scores, seed);
  return { mean, interval, method: 'bootstrap' };
}

/** Pairs by id and compares (current − baseline); undefined when no example is in both. */
export function compareWithBaseline(current: readonly IdentifiedScore[], baseline: readonly IdentifiedScore[], seed = 1): BaselineComparison | undefined {
  const earlier = new Map(baseline.map((b) => [b.id, b.score]));
  const here: number[] = [];
  const there: number[] = [];
  for (const c of current) {
    const b = earlier.get(c.id);
    if (b === undefined) continue;
    here.push(c.score);
    there.push(b);
  }
  if (here.length === 0) return undefined;
  const stats = comparePaired(here, there, seed);
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    ...stats,
    verdict: verdictOf(stats.delta, stats.pValue),
    currentMean: mean(here),
    baselineMean: mean(there),
    onlyCurrent: current.length - here.length,
    onlyBaseline: baseline.length - here.length,
  };
}
