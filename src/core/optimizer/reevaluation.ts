/**
 * Re-evaluation against the winner's curse (docs/ZOPO.md): with 20 validation examples
 * an accuracy of 0.7 has a standard deviation near 0.1, so the best single observation
 * is often a lucky one. Two rules spend queries on candidates already measured:
 * - the leader is re-evaluated until it has `leaderEvaluations` evaluations' worth of examples;
 * - in a final race (the last `raceShare` of the budget) the top `raceSize` candidates are
 *   re-evaluated by upper confidence bound, UCB-style best-arm identification.
 * With `onlyIfContested`, neither rule spends a query once the leader is decided (its lower
 * bound above every other contender's upper bound): on a needle landscape the top prompt
 * stands out after one evaluation, and the queries are worth more exploring the pool.
 */
import type { ObservationLog } from './observationLog';
import type { Proposal } from './types';

/** The knobs and state the rules read. */
export interface ReevaluationInput {
  readonly log: ObservationLog;
  /** Told candidates, best first. */
  readonly ranked: readonly number[];
  readonly score: (i: number) => number;
  /** Candidates that may not be proposed now (pending or already in this ask). */
  readonly busy: (i: number) => boolean;
  readonly budget: number;
  readonly valSize: number;
  readonly leaderEvaluations: number;
  readonly reevaluateRepeats: number;
  readonly raceShare: number;
  readonly raceSize: number;
  /** Prior weight (examples) of the ranking score, added to the count in the bound. */
  readonly priorWeight: number;
  /** Skip both rules while the leader is decided (see the module comment). */
  readonly onlyIfContested?: boolean;
}

/** Width, in standard errors, of the bounds that decide whether the leader is contested. */
const DECISION_Z = 1.5;

/** A re-evaluation to make now, or undefined to let the search go on. */
export function reevaluation(input: ReevaluationInput): Proposal | undefined {
  if (input.onlyIfContested === true && leaderDecided(input)) return undefined;
  return raceProposal(input) ?? leaderProposal(input);
}

/**
 * True when the leader's lower bound is above the upper bound of each of the next
 * `raceSize - 1` ranked candidates; bounds use each candidate's own binomial variance.
 */
export function leaderDecided(r: ReevaluationInput): boolean {
  const [leader, ...rest] = r.ranked.slice(0, Math.max(2, r.raceSize));
  if (leader === undefined || rest.length === 0) return false;
  const halfWidth = (c: number): number => {
    const p = Math.min(1, Math.max(0, r.score(c)));
    return DECISION_Z * Math.sqrt(Math.max(p * (1 - p), 0.02) / ((r.log.total[c] as number) + r.priorWeight));
  };
  const floor = r.score(leader) - halfWidth(leader);
  return rest.every((c) => r.score(c) + halfWidth(c) < floor);
}

function raceProposal(r: ReevaluationInput): Proposal | undefined {
  if (r.raceShare <= 0 || r.log.spent < (1 - r.raceShare) * r.budget) return undefined;
  const prior = r.log.grandMean();
  const spread = Math.max(prior * (1 - prior), 0.05);
  let best = -1;
  let bound = -Infinity;
  for (const c of r.ranked.slice(0, r.raceSize)) {
    if (r.busy(c)) continue;
    const ucb = r.score(c) + Math.sqrt(spread / ((r.log.total[c] as number) + r.priorWeight));
    if (ucb > bound) {
      bound = ucb;
      best = c;
    }
  }
  return best >= 0 ? { candidate: best, repeats: 1, reason: 'reevaluate' } : undefined;
}

function leaderProposal(r: ReevaluationInput): Proposal | undefined {
  if (r.leaderEvaluations <= 0) return undefined;
  const leader = r.ranked[0];
  if (leader === undefined || r.busy(leader)) return undefined;
  const need = r.leaderEvaluations * r.valSize - (r.log.total[leader] as number);
  if (need <= 0) return undefined;
  const repeats = Math.min(r.reevaluateRepeats, Math.ceil(need / Math.max(1, r.valSize)), r.budget - r.log.spent);
  return repeats >= 1 ? { candidate: leader, repeats, reason: 'reevaluate' } : undefined;
}
