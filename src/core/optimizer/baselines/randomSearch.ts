/**
 * Random search: queries candidates in a seeded random order, never the same one twice, and
 * returns the best observed. The floor every model-based method must clear.
 */
import { Rng } from '../random';
import type { Observation, Pick, Proposal, SearchMethod, SearchSettings } from '../types';
import { ObservedScores } from './observedScores';

/** Random search without replacement over the pool. */
export class RandomSearch implements SearchMethod {
  readonly name = 'random';
  private readonly order: number[];
  private next = 0;
  private readonly scores = new ObservedScores();

  constructor(private readonly settings: SearchSettings) {
    const indices = Array.from({ length: settings.pool.n }, (_, i) => i);
    this.order = new Rng(settings.seed).shuffle(indices);
  }

  ask(k: number): Proposal[] {
    const remaining = Math.min(this.settings.budget - this.next, this.order.length - this.next);
    const count = Math.max(0, Math.min(Math.floor(k), remaining));
    const out: Proposal[] = [];
    for (let i = 0; i < count; i++) {
      out.push({ candidate: this.order[this.next++] as number, repeats: 1, reason: 'random' });
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.scores.add(observations);
  }

  portfolio(size: number): Pick[] {
    return this.scores.portfolio(size);
  }
}

/** Creates a random-search method for the settings. */
export function createRandomSearch(settings: SearchSettings): SearchMethod {
  return new RandomSearch(settings);
}
