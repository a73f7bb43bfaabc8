/**
 * Summaries of benchmark runs (bench/README.md): mean over seeds of (true accuracy of the pick /
 * pool best) at checkpoints, the share of seeds reaching 95% of the pool best, step times, and
 * the rounds a batched run needs to match a sequential one.
 */
import { median, type RunResult } from './harness';

/** The README's checkpoints, cut to the budget, which is always the last. */
export function checkpoints(budget: number): number[] {
  const out = [20, 40, 80, 120, 165].filter((q) => q < budget);
  out.push(budget);
  return out;
}

/** One method's summary on one landscape. */
export interface MethodSummary {
  readonly method: string;
  /** Mean over seeds of trace[q - 1] / poolMax, per checkpoint q. */
  readonly ratioAt: number[];
  /** Standard error of that mean at the budget. */
  readonly ratioSe: number;
  /** Share of seeds whose pick at the budget is within 95% of the pool best. */
  readonly hitShare: number;
  /** Median over seeds of each seed's median ask() milliseconds. */
  readonly askMs: number;
  readonly tellMs: number;
  /** Mean over seeds of the optimizer's total milliseconds in a run (set-up, asks and tells). */
  readonly runMs: number;
  /** Mean rounds used over seeds. */
  readonly rounds: number;
  /** Share of seeds that evaluated a candidate within 95% of the pool best by the budget. */
  readonly seenShare: number;
}

/** Summarises the runs (one per seed) of one method on a landscape. */
export function summarise(runs: readonly RunResult[], poolMax: number, budget: number): MethodSummary {
  const final = runs.map((r) => (r.trace[budget - 1] as number) / poolMax);
  const mean = average(final);
  const variance = final.length > 1 ? final.reduce((s, v) => s + (v - mean) ** 2, 0) / (final.length - 1) : 0;
  return {
    method: runs[0]?.method ?? '',
    ratioAt: checkpoints(budget).map((q) => average(runs.map((r) => (r.trace[q - 1] as number) / poolMax))),
    ratioSe: Math.sqrt(variance / Math.max(1, final.length)),
    hitShare: final.filter((v) => v >= 0.95 - 1e-12).length / Math.max(1, final.length),
    askMs: median(runs.map((r) => median(r.askMs))),
    tellMs: median(runs.map((r) => median(r.tellMs))),
    runMs: average(runs.map((r) => r.setupMs + sum(r.askMs) + sum(r.tellMs))),
    rounds: average(runs.map((r) => r.roundEnds.length)),
    seenShare: runs.filter((r) => r.bestSeen / poolMax >= 0.95 - 1e-12).length / Math.max(1, runs.length),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Each method of the first landscape with its rows on every landscape that has it. */
export function rowsPerMethod<R extends { readonly method: string }>(perLandscape: readonly (readonly R[])[]): { method: string; rows: R[] }[] {
  return (perLandscape[0] ?? []).map(({ method }) => ({ method, rows: perLandscape.map((l) => l.find((r) => r.method === method)).filter((r) => r !== undefined) }));
}

/** The landscapes' mean match, only if every landscape reached its target (else undefined). */
export function averageMatch(matches: readonly ({ readonly rounds: number; readonly queries: number } | undefined)[]): { rounds: number; queries: number } | undefined {
  if (!matches.every((m) => m !== undefined)) return undefined;
  return { rounds: average(matches.map((m) => m?.rounds ?? 0)), queries: average(matches.map((m) => m?.queries ?? 0)) };
}

/** Mean of a list (NaN for an empty one). */
export function average(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/**
 * Mean over seeds of the pick's ratio after each round, and of the queries spent by then;
 * runs that ended sooner keep their last value.
 */
export function meanRoundCurve(runs: readonly RunResult[], poolMax: number): { ratio: number[]; queries: number[] } {
  const rounds = Math.max(0, ...runs.map((r) => r.roundEnds.length));
  const ratio: number[] = [];
  const queries: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const at = runs.map((r) => r.roundEnds[Math.min(i, r.roundEnds.length - 1)] ?? 0);
    ratio.push(average(runs.map((r, s) => (r.trace[(at[s] as number) - 1] ?? 0) / poolMax)));
    queries.push(average(at));
  }
  return { ratio, queries };
}

/** When a batched run's mean curve first matches a target ratio. */
export interface MatchPoint {
  readonly rounds: number;
  readonly queries: number;
}

/** The first round whose mean ratio reaches `target`, or undefined if none does. */
export function firstMatch(runs: readonly RunResult[], poolMax: number, target: number): MatchPoint | undefined {
  const curve = meanRoundCurve(runs, poolMax);
  const i = curve.ratio.findIndex((v) => v >= target - 1e-12);
  return i < 0 ? undefined : { rounds: i + 1, queries: curve.queries[i] as number };
}
