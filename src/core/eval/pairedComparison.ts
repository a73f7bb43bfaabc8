/**
 * Paired comparison of a candidate prompt against the original on the same examples: the
 * per-example differences (candidate − original), a 95% interval for their mean, a p-value,
 * Holm's step-down correction across a portfolio and a verdict. For 0/1 metrics the test is
 * the exact McNemar test (a binomial test on the discordant pairs) and the interval is its
 * dual, a Clopper–Pearson interval on the discordant share; for graded metrics a seeded
 * paired bootstrap gives both (percentile interval, and the p-value dual to it).
 * Pure maths: no I/O, so the CLI, the editor and the tests share it.
 */
import { Rng } from '../optimizer/random';

/** What the held-out evidence says about a candidate against the original. */
export type Verdict = 'better' | 'no reliable difference' | 'worse';

/** One candidate against the original on paired examples. */
export interface PairedStats {
  /** Mean of candidate − original over the paired examples. */
  readonly delta: number;
  /** 95% interval for `delta`. */
  readonly interval: readonly [number, number];
  /** Two-sided p-value of "no difference", before any correction. */
  readonly pValue: number;
  readonly pairedExamples: number;
  readonly method: 'mcnemar-exact' | 'paired-bootstrap';
  /** Standard deviation of the per-example differences (for the sample-size estimate). */
  readonly sdDifference: number;
}

/** The significance level the verdicts use (family-wise, after Holm). */
export const ALPHA = 0.05;
const BOOTSTRAP_RESAMPLES = 4000;

/** Compares paired scores (`candidate[i]` and `original[i]` are the same example). */
export function comparePaired(candidate: readonly number[], original: readonly number[], seed = 1): PairedStats {
  if (candidate.length !== original.length) throw new Error(`paired scores differ in length: ${candidate.length} vs ${original.length}`);
  const n = candidate.length;
  const diffs = candidate.map((c, i) => c - (original[i] as number));
  const delta = n === 0 ? 0 : diffs.reduce((s, d) => s + d, 0) / n;
  const sdDifference = n < 2 ? 0 : Math.sqrt(diffs.reduce((s, d) => s + (d - delta) ** 2, 0) / (n - 1));
  if (n === 0) return { delta: 0, interval: [0, 0], pValue: 1, pairedExamples: 0, method: 'paired-bootstrap', sdDifference };
  const binary = [...candidate, ...original].every((s) => s === 0 || s === 1);
  if (binary) {
    const better = diffs.filter((d) => d > 0).length;
    const worse = diffs.filter((d) => d < 0).length;
    const { interval, pValue } = mcnemarExact(better, worse, n);
    return { delta, interval, pValue, pairedExamples: n, method: 'mcnemar-exact', sdDifference };
  }
  const { interval, pValue } = pairedBootstrap(diffs, seed);
  return { delta, interval, pValue, pairedExamples: n, method: 'paired-bootstrap', sdDifference };
}

/**
 * Exact McNemar test: under "no difference" the `better` of the `better + worse` discordant
 * pairs is Binomial(b + c, 1/2). Two-sided p = min(1, 2·P(X ≤ min(b, c))). The interval maps
 * a Clopper–Pearson interval for the discordant share π to delta = (b + c)(2π − 1)/n, so it
 * excludes 0 exactly when p < α.
 */
export function mcnemarExact(better: number, worse: number, n: number, alpha = ALPHA): { interval: [number, number]; pValue: number } {
  const discordant = better + worse;
  if (discordant === 0) return { interval: [0, 0], pValue: 1 };
  const pValue = Math.min(1, 2 * binomialCdf(Math.min(better, worse), discordant, 0.5));
  const [lo, hi] = clopperPearson(better, discordant, alpha);
  return { interval: [(discordant * (2 * lo - 1)) / n, (discordant * (2 * hi - 1)) / n], pValue };
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space so large n does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let logTerm = n * Math.log1p(-p); // P(X = 0)
  let sum = Math.exp(logTerm);
  const ratio = Math.log(p) - Math.log1p(-p);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(n - i + 1) - Math.log(i) + ratio;
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/** Central Clopper–Pearson interval for `k` successes in `n` trials, by bisection on the binomial tails. */
export function clopperPearson(k: number, n: number, alpha = ALPHA): [number, number] {
  const lower = k === 0 ? 0 : bisect((p) => 1 - binomialCdf(k - 1, n, p) - alpha / 2); // P(X ≥ k) rises with p
  const upper = k === n ? 1 : bisect((p) => alpha / 2 - binomialCdf(k, n, p)); // P(X ≤ k) falls with p
  return [lower, upper];
}

/** The root in (0, 1) of an increasing function. */
function bisect(f: (p: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Paired bootstrap (resampling examples with their differences): the percentile 95% interval,
 * and the two-sided p-value dual to it, 2·min(share of resampled means ≤ 0, share ≥ 0).
 */
export function pairedBootstrap(diffs: readonly number[], seed: number, resamples = BOOTSTRAP_RESAMPLES, alpha = ALPHA): { interval: [number, number]; pValue: number } {
  const n = diffs.length;
  const rng = new Rng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(rng.next() * n)] as number;
    means[r] = sum / n;
  }
  means.sort();
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const m of means) {
    if (m <= 0) atOrBelow++;
    if (m >= 0) atOrAbove++;
  }
  const quantile = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))] as number;
  return { interval: [quantile(alpha / 2), quantile(1 - alpha / 2)], pValue: Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / resamples) };
}

/** Holm's step-down adjusted p-values (same order as given): family-wise error at most α. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** The verdict from a delta and its Holm-adjusted p-value. */
export function verdictOf(delta: number, adjustedP: number, alpha = ALPHA): Verdict {
  if (adjustedP >= alpha || delta === 0) return 'no reliable difference';
  return delta > 0 ? 'better' : 'worse';
}

/**
 * A power-style estimate of the paired examples needed to tell the observed effect from none
 * at level α with 80% power: n = ((z₁₋α/₂ + z₀.₈) · sd / |delta|)². Undefined when the observed
 * difference is zero (no number of examples is expected to settle it).
 */
export function examplesToSettle(delta: number, sdDifference: number, alpha = ALPHA): number | undefined {
  if (delta === 0 || !Number.isFinite(delta)) return undefined;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(0.8);
  // A zero spread with a non-zero mean would say "1 example": at least the discordant pair's worth.
  const sd = Math.max(sdDifference, Math.abs(delta));
  return Math.ceil(((z * sd) / Math.abs(delta)) ** 2);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Inverse of {@link normalCdf}, by bisection on [-10, 10]. */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
