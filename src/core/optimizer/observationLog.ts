/**
 * What a search has learnt so far: per-candidate summed scores and example counts
 * (re-evaluations accumulate), which candidates are queried or still pending, the order
 * of first queries, and the budget spent.
 */
import type { Observation } from './types';

/** Per-candidate evaluation totals and the query book-keeping of one search. */
export class ObservationLog {
  readonly correct: Float64Array;
  readonly total: Float64Array;
  /** Candidates with at least one finished evaluation, in the order they were first told. */
  readonly told: number[] = [];
  /** 1 once a candidate has been proposed (pending or told). */
  private readonly asked: Uint8Array;
  private pendingCount = 0;
  /** Queries committed so far (proposals' repeats, told or not). */
  spent = 0;
  /** The candidate of the most recent finished evaluation, or -1. */
  lastTold = -1;
  /** Sum over told candidates of their observed means, kept current for grandMean(). */
  private meanSum = 0;

  constructor(readonly n: number) {
    this.correct = new Float64Array(n);
    this.total = new Float64Array(n);
    this.asked = new Uint8Array(n);
  }

  /** True when the candidate was never proposed. */
  isFree(i: number): boolean {
    return this.asked[i] === 0;
  }

  /** Has at least one finished evaluation. */
  isTold(i: number): boolean {
    return (this.total[i] as number) > 0;
  }

  /** Registers a proposal costing `repeats` queries. */
  markAsked(i: number, repeats: number): void {
    this.asked[i] = 1;
    this.spent += repeats;
    this.pendingCount++;
  }

  /** Adds a finished evaluation. */
  record(o: Observation): void {
    if (o.candidate < 0 || o.candidate >= this.n) throw new RangeError(`candidate ${o.candidate} outside the pool`);
    if (this.isTold(o.candidate)) this.meanSum -= this.mean(o.candidate);
    else if (o.total > 0) this.told.push(o.candidate);
    this.correct[o.candidate] = (this.correct[o.candidate] as number) + o.correct;
    this.total[o.candidate] = (this.total[o.candidate] as number) + o.total;
    if (this.isTold(o.candidate)) this.meanSum += this.mean(o.candidate);
    this.asked[o.candidate] = 1;
    this.lastTold = o.candidate;
    if (this.pendingCount > 0) this.pendingCount--;
  }

  /** Number of proposals not yet told. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Observed mean score of a told candidate (NaN when untold). */
  mean(i: number): number {
    const t = this.total[i] as number;
    return t > 0 ? (this.correct[i] as number) / t : NaN;
  }

  /** The told candidate with the highest observed mean (earliest on ties), or -1. */
  bestObserved(): number {
    let best = -1;
    let value = -Infinity;
    for (const i of this.told) {
      const m = this.mean(i);
      if (m > value) {
        value = m;
        best = i;
      }
    }
    return best;
  }

  /** Mean of all told candidates' observed means (0.5 before any). */
  grandMean(): number {
    return this.told.length === 0 ? 0.5 : this.meanSum / this.told.length;
  }
}
