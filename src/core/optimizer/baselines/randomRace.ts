/**
 * Random search, then a race: candidates in a seeded random order for the first
 * `exploreShare` of the budget, then the `raceSize` best observed are re-evaluated on the
 * rest, one query at a time, each time the one with the highest upper confidence bound
 * (UCB best-arm identification). It returns the raced candidate with the best pooled mean.
 * On real prompt landscapes this simple rule is as good as the model-based searches
 * (docs/ZOPO.md, "Real landscapes"), so it is the second floor they must clear.
 */
import { Rng } from '../random';
import type { Observation, Pick, Proposal, SearchMethod, SearchSettings } from '../types';
import { ObservedScores } from './observedScores';

/** Tuning of {@link RandomRace}; the defaults are the baseline the benchmark runs. */
export interface RandomRaceOptions {
  /** Share of the budget spent on random first queries (default 0.8). */
  readonly exploreShare?: number;
  /** Candidates raced on the rest (default 5). */
  readonly raceSize?: number;
}

/** Random search on most of the budget, a UCB race among the leaders on the rest. */
export class RandomRace implements SearchMethod {
  readonly name = 'random-race';
  private readonly order: number[];
  private readonly scores = new ObservedScores();
  private readonly exploreQueries: number;
  private readonly raceSize: number;
  private next = 0;
  private spent = 0;
  /** The raced candidates, fixed when the race starts. */
  private field: number[] | undefined;
  private readonly pending = new Set<number>();

  constructor(
    private readonly settings: SearchSettings,
    options: RandomRaceOptions = {},
  ) {
    this.order = new Rng(settings.seed).shuffle(Array.from({ length: settings.pool.n }, (_, i) => i));
    this.exploreQueries = Math.round((options.exploreShare ?? 0.8) * settings.budget);
    this.raceSize = Math.max(1, options.raceSize ?? 5);
  }

  ask(k: number): Proposal[] {
    const out: Proposal[] = [];
    const taken = new Set<number>();
    while (out.length < Math.floor(k) && this.spent < this.settings.budget) {
      const p = this.nextProposal(taken);
      if (!p) break;
      out.push(p);
      taken.add(p.candidate);
      this.pending.add(p.candidate);
      this.spent += p.repeats;
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.scores.add(observations);
    for (const o of observations) this.pending.delete(o.candidate);
  }

  portfolio(size: number): Pick[] {
    const all = this.scores.portfolio(Number.MAX_SAFE_INTEGER);
    const field = this.field;
    if (!field) return all.slice(0, Math.max(0, size));
    // Once raced, a leader's pooled mean is the trustworthy one; unraced single draws follow.
    const raced = all.filter((p) => field.includes(p.candidate));
    return [...raced, ...all.filter((p) => !field.includes(p.candidate))].slice(0, Math.max(0, size));
  }

  private nextProposal(taken: ReadonlySet<number>): Proposal | undefined {
    const exploring = this.spent < this.exploreQueries || this.scores.candidates().length === 0;
    if (exploring && this.next < this.order.length) {
      return { candidate: this.order[this.next++] as number, repeats: 1, reason: 'random' };
    }
    // The race starts only once every exploring query has been heard.
    if (this.pending.size > 0 && !this.field) return undefined;
    this.field ??= this.scores.portfolio(this.raceSize).map((p) => p.candidate);
    const c = this.raceChoice(taken);
    return c < 0 ? undefined : { candidate: c, repeats: 1, reason: 'reevaluate' };
  }

  /** The raced candidate with the highest UCB, skipping those in this ask; -1 if none. */
  private raceChoice(taken: ReadonlySet<number>): number {
    const picks = new Map(this.scores.portfolio(Number.MAX_SAFE_INTEGER).map((p) => [p.candidate, p]));
    let best = -1;
    let bound = -Infinity;
    for (const c of this.field ?? []) {
      const p = picks.get(c);
      if (!p || taken.has(c)) continue;
      const m = Number.isNaN(p.mean) ? 0 : p.mean;
      const ucb = m + Math.sqrt(Math.max(m * (1 - m), 0.05) / Math.max(1, p.total));
      if (ucb > bound) {
        bound = ucb;
        best = c;
      }
    }
    return best;
  }
}

/** Creates the random-then-race baseline for the settings. */
export function createRandomRace(settings: SearchSettings, options?: RandomRaceOptions): SearchMethod {
  return new RandomRace(settings, options);
}
