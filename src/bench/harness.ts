/**
 * Runs one search method for one seed on a landscape: asks for proposals, simulates their
 * evaluation (bench/README.md's noise model), tells the method, and records after every query
 * the true accuracy of the candidate the method would return at that moment.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../core/optimizer/random';
import type { Observation, Proposal, SearchMethod, SearchSettings } from '../core/optimizer/types';
import type { Landscape } from './landscape';

/** Builds a fresh method for one run. */
export type MethodFactory = (settings: SearchSettings) => SearchMethod;

export interface RunOptions {
  readonly seed: number;
  /** Queries to spend; a proposal with `repeats` r costs r. */
  readonly budget: number;
  /** Proposals asked for per round (all evaluated before the method hears back); default 1. */
  readonly batch?: number;
  /**
   * Observe the true accuracy instead of a binomial draw. The method is still told the
   * landscape's valSize, as a tool evaluating on that many examples would be.
   */
  readonly noiseless?: boolean;
  /** Stop after this many rounds even if budget is left (the trace keeps its last value). */
  readonly maxRounds?: number | undefined;
  /** Called after each round with the queries spent so far. */
  readonly onRound?: (queries: number) => void;
}

export interface RunResult {
  readonly method: string;
  /**
   * `trace[q]`: true accuracy of the method's pick after q + 1 queries; length = budget. The
   * queries of one round run together, so each of them gets the pick after the whole round.
   */
  readonly trace: number[];
  /** Queries spent by the end of each round. */
  readonly roundEnds: number[];
  /** Queries actually spent (less than the budget only when the method stopped asking). */
  readonly queries: number;
  /** Milliseconds of each ask() call. */
  readonly askMs: number[];
  /** Milliseconds of each tell() call. */
  readonly tellMs: number[];
  /** Milliseconds to construct the method (projections and other set-up). */
  readonly setupMs: number;
  /**
   * The best true accuracy among the candidates evaluated in the run (a diagnostic: the
   * search found what selection could have returned).
   */
  readonly bestSeen: number;
}

/** A method broke the ask/tell contract. */
export class ContractError extends Error {
  override name = 'ContractError';
}

/** Seed of the observation-noise stream, kept apart from the method's own stream. */
export function noiseSeed(seed: number): number {
  return (Math.imul((seed ^ 0x6e6f6973) >>> 0, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
}

/**
 * Simulated evaluation of candidate `candidate` on `repeats` x valSize fresh examples:
 * Binomial(total, accuracy) correct, or exactly accuracy x total when noiseless or when valSize
 * is 0 (and then `total` is `repeats`).
 */
export function observe(
  landscape: Landscape,
  candidate: number,
  repeats: number,
  rng: Rng,
  noiseless: boolean,
): Observation {
  const acc = landscape.accuracy[candidate] as number;
  if (landscape.valSize === 0) return { candidate, correct: acc * repeats, total: repeats };
  const total = repeats * landscape.valSize;
  const correct = noiseless ? acc * total : rng.binomial(total, acc);
  return { candidate, correct, total };
}

/**
 * The budget that `rounds` rounds of `k` proposals spend for this method and seed: its first
 * round (an initial design may be smaller than k) and then k a round. A run given it knows
 * which round is its last, as a user who sets the budget for that many rounds does.
 */
export function roundsBudget(landscape: Landscape, factory: MethodFactory, seed: number, k: number, rounds: number): number {
  const method = factory({ pool: landscape.pool, budget: rounds * k, valSize: landscape.valSize, seed, texts: landscape.texts });
  const first = method.ask(k).reduce((sum, p) => sum + p.repeats, 0);
  return Math.min(rounds * k, first + (rounds - 1) * k);
}

/** Runs `factory`'s method with one seed and budget on the landscape. */
export function runMethod(landscape: Landscape, factory: MethodFactory, options: RunOptions): RunResult {
  const { seed, budget } = options;
  const batch = options.batch ?? 1;
  const t = performance.now();
  const method = factory({ pool: landscape.pool, budget, valSize: landscape.valSize, seed, texts: landscape.texts });
  const setupMs = performance.now() - t;
  const rng = new Rng(noiseSeed(seed));
  const result = { method: method.name, trace: [] as number[], roundEnds: [] as number[], queries: 0, askMs: [] as number[], tellMs: [] as number[], setupMs, bestSeen: 0 };
  let queries = 0;
  const maxRounds = options.maxRounds ?? Infinity;
  while (queries < budget && result.roundEnds.length < maxRounds) {
    const t0 = performance.now();
    const proposals = method.ask(batch);
    const askMs = performance.now() - t0;
    checkProposals(method.name, proposals, batch, landscape.pool.n);
    if (proposals.length === 0) break;
    result.askMs.push(askMs);
    const noiseless = options.noiseless === true;
    const { observations, cost } = evaluateRound(landscape, proposals, budget - queries, rng, noiseless);
    const t1 = performance.now();
    method.tell(observations);
    result.tellMs.push(performance.now() - t1);
    for (const o of observations) result.bestSeen = Math.max(result.bestSeen, landscape.accuracy[o.candidate] as number);
    queries += cost;
    recordPick(landscape, method, result.trace, cost);
    result.roundEnds.push(queries);
    options.onRound?.(queries);
  }
  padTrace(method.name, result.trace, budget);
  return { ...result, queries };
}

function evaluateRound(
  landscape: Landscape,
  proposals: readonly Proposal[],
  remaining: number,
  rng: Rng,
  noiseless: boolean,
): { observations: Observation[]; cost: number } {
  const observations: Observation[] = [];
  let cost = 0;
  for (const p of proposals) {
    if (cost >= remaining) break;
    const repeats = Math.min(p.repeats, remaining - cost);
    observations.push(observe(landscape, p.candidate, repeats, rng, noiseless));
    cost += repeats;
  }
  return { observations, cost };
}

function recordPick(landscape: Landscape, method: SearchMethod, trace: number[], cost: number): void {
  const pick = method.portfolio(1)[0];
  if (!pick) throw new ContractError(`${method.name}: empty portfolio after ${trace.length + cost} queries`);
  const acc = landscape.accuracy[pick.candidate];
  if (acc === undefined) throw new ContractError(`${method.name}: picked candidate ${pick.candidate} is not in the pool`);
  for (let i = 0; i < cost; i++) trace.push(acc);
}

function padTrace(name: string, trace: number[], budget: number): void {
  const last = trace[trace.length - 1];
  if (last === undefined) throw new ContractError(`${name}: made no proposals`);
  while (trace.length < budget) trace.push(last);
}

function checkProposals(name: string, proposals: readonly Proposal[], k: number, n: number): void {
  if (proposals.length > k) throw new ContractError(`${name}: asked for ${k}, proposed ${proposals.length}`);
  const seen = new Set<number>();
  for (const p of proposals) {
    if (!Number.isInteger(p.candidate) || p.candidate < 0 || p.candidate >= n) {
      throw new ContractError(`${name}: proposed candidate ${p.candidate}, outside the pool of ${n}`);
    }
    if (!Number.isInteger(p.repeats) || p.repeats < 1) {
      throw new ContractError(`${name}: proposed ${p.repeats} repeats of candidate ${p.candidate}`);
    }
    if (seen.has(p.candidate)) throw new ContractError(`${name}: proposed candidate ${p.candidate} twice in one ask`);
    seen.add(p.candidate);
  }
}

/** Median of a non-empty list (0 for an empty one). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
