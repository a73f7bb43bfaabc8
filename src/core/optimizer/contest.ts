/**
 * An adaptive race against the winner's curse (LUCB-style best-arm identification, Kalyanakrishnan
 * et al. 2012). With 20 validation examples one evaluation of a 0.74 prompt reads anywhere from
 * 0.55 to 0.9, so on a real prompt landscape the top prompt is usually found but, measured once
 * and unluckily, not returned. Instead of a fixed final race among the top few by a shrunk mean,
 * the contest re-evaluates wherever the decision is still open:
 * - challengers are the told candidates whose upper bound (raw mean, their own binomial
 *   variance, own example count) reaches the leader's lower bound;
 * - each step re-evaluates the challenger with the highest upper bound, or the leader when
 *   it has fewer examples than that challenger (both ends of the gap shrink);
 * - the share of the budget spent this way may grow as the run goes on: at most
 *   `share(spent / budget)` of the queries so far, so exploration keeps the early budget.
 * Nothing is re-evaluated once the leader is decided, so a needle that stands out after one
 * evaluation leaves the budget to exploring.
 * In a batched round (ask(k), k > 1) the re-evaluations already proposed in the round count as
 * examples seen at the candidate's current mean (`pending`, the believer of roundFantasy.ts for
 * counts): the round's next pick sees narrower bounds there, so a round may re-evaluate the same
 * close pair several times instead of spreading one re-evaluation over every challenger.
 */
import type { ObservationLog } from './observationLog';
import type { Proposal } from './types';

/** What the contest reads. */
export interface ContestInput {
  readonly log: ObservationLog;
  /** The current leader (what the method would return now), or undefined. */
  readonly leader: number | undefined;
  /** The leader's ranking score (e.g. a shrunk mean); its lower bound is taken around it. */
  readonly leaderScore: number;
  /** Candidates that may not be proposed now (pending or already in this ask). */
  readonly busy: (i: number) => boolean;
  readonly budget: number;
  /** Queries spent on re-evaluations so far. */
  readonly reevaluated: number;
  /** Cap on the re-evaluated share of the queries spent so far, as a function of progress (0..1). */
  readonly share: (progress: number) => number;
  /** Width of the bounds in standard errors. */
  readonly z: number;
  /** Examples already proposed for candidate i in this round, not yet observed (default none). */
  readonly pending?: (i: number) => number;
}

/** Variance floor of one example's score in the bounds (keeps 20/20 from looking certain). */
const VARIANCE_FLOOR = 0.04;

/** Half width of a candidate's confidence interval around mean `p` with `n` examples. */
export function halfWidth(p: number, n: number, z: number): number {
  const q = Math.min(1, Math.max(0, p));
  return z * Math.sqrt(Math.max(q * (1 - q), VARIANCE_FLOOR) / Math.max(1, n));
}

/**
 * The strongest challenger of the leader: the told candidate (not the leader, not busy) with
 * the highest upper bound, if that bound reaches the leader's lower bound; else -1.
 */
export function strongestChallenger(input: ContestInput): number {
  const { log, leader, z } = input;
  if (leader === undefined) return -1;
  const floor = input.leaderScore - halfWidth(input.leaderScore, examples(input, leader), z);
  let best = -1;
  let bound = floor;
  for (const c of log.told) {
    if (c === leader || input.busy(c)) continue;
    const u = log.mean(c) + halfWidth(log.mean(c), examples(input, c), z);
    if (u >= bound) {
      bound = u;
      best = c;
    }
  }
  return best;
}

/** Candidate i's examples: observed, plus those proposed in this round. */
function examples(input: ContestInput, i: number): number {
  return (input.log.total[i] as number) + (input.pending?.(i) ?? 0);
}

/** The contest's re-evaluation now, or undefined to let the search explore. */
export function contestProposal(input: ContestInput): Proposal | undefined {
  const { log, leader } = input;
  if (leader === undefined || log.spent >= input.budget) return undefined;
  const cap = input.share(log.spent / input.budget) * log.spent;
  if (input.reevaluated + 1 > cap) return undefined;
  const challenger = strongestChallenger(input);
  if (challenger < 0) return undefined;
  const leaderFirst = examples(input, leader) < examples(input, challenger) && !input.busy(leader);
  return { candidate: leaderFirst ? leader : challenger, repeats: 1, reason: 'reevaluate' };
}

/**
 * The share schedule: `base` of the queries through the run, rising linearly to `final`
 * over the last `tail` of the budget (the end of a run is for deciding, not exploring).
 */
export function rampedShare(base: number, final: number, tail: number): (progress: number) => number {
  return (t) => {
    if (tail <= 0 || t <= 1 - tail) return base;
    return base + ((final - base) * (t - (1 - tail))) / tail;
  };
}
