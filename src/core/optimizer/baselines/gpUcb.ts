/**
 * Global GP-UCB over the whole pool with an RBF kernel: the "global" baseline in the spirit of
 * INSTINCT / standard Bayesian optimisation, against which ZOPO's local search is measured.
 * A few random queries, then argmax over unqueried candidates of mean + beta * sd. Batches are
 * chosen as in GP-BUCB (Desautels et al., 2014): pending candidates shrink the variance with
 * their posterior mean standing in for the outcome. Returns the best observed candidate.
 */
import { Rng } from '../random';
import type { Observation, Pick, Proposal, SearchMethod, SearchSettings } from '../types';
import { ObservedScores } from './observedScores';
import { PoolDistances } from './poolDistances';
import { PoolGp } from './poolGp';
import { fitRbfHyper } from './rbfHyperparameters';

/** Tuning of {@link GpUcb}; the defaults are what the benchmark runs. */
export interface GpUcbOptions {
  /** Random queries before the first model-based one. */
  readonly initial?: number;
  /** UCB exploration weight on the posterior standard deviation (standardised units). */
  readonly beta?: number;
}

const DEFAULT_INITIAL = 10;
const DEFAULT_BETA = 2;

/** GP-UCB with an RBF kernel refitted by marginal likelihood as observations grow. */
export class GpUcb implements SearchMethod {
  readonly name = 'gp-ucb';
  private readonly rng: Rng;
  private readonly dists: PoolDistances;
  private readonly scores = new ObservedScores();
  private readonly proposed = new Set<number>();
  /** Stand-in outcomes (raw units) for candidates proposed but not yet observed. */
  private readonly fantasy = new Map<number, number>();
  private readonly initial: number;
  private readonly beta: number;
  private spent = 0;
  private gp: PoolGp | undefined;
  private inGp = new Set<number>();
  private fittedAt = 0;
  private medianDist = 0;

  constructor(
    private readonly settings: SearchSettings,
    options: GpUcbOptions = {},
  ) {
    this.rng = new Rng(settings.seed);
    this.dists = new PoolDistances(settings.pool);
    this.initial = options.initial ?? DEFAULT_INITIAL;
    this.beta = options.beta ?? DEFAULT_BETA;
  }

  ask(k: number): Proposal[] {
    const { budget, pool } = this.settings;
    const count = Math.max(0, Math.min(Math.floor(k), budget - this.spent, pool.n - this.proposed.size));
    const out: Proposal[] = [];
    for (let b = 0; b < count; b++) {
      const modelled = this.proposed.size >= this.initial && this.scores.candidates().length > 0;
      const candidate = modelled ? this.chooseByUcb() : this.randomUnproposed();
      this.proposed.add(candidate);
      out.push({ candidate, repeats: 1, reason: modelled ? 'acquisition' : 'initial' });
    }
    this.spent += out.length;
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.scores.add(observations);
    for (const o of observations) this.fantasy.delete(o.candidate);
  }

  portfolio(size: number): Pick[] {
    return this.scores.portfolio(size);
  }

  private randomUnproposed(): number {
    for (;;) {
      const c = this.rng.int(this.settings.pool.n);
      if (!this.proposed.has(c)) return c;
    }
  }

  private chooseByUcb(): number {
    const { centre, spread } = this.standardisation();
    const gp = this.syncedGp(centre, spread);
    const y = gp.candidates.map((c) => (this.rawValue(c, centre) - centre) / spread);
    const mean = gp.mean(y);
    let best = -1;
    let bestUcb = -Infinity;
    for (let j = 0; j < mean.length; j++) {
      if (this.proposed.has(j)) continue;
      const ucb = (mean[j] as number) + this.beta * Math.sqrt(gp.variance(j));
      if (ucb > bestUcb) {
        bestUcb = ucb;
        best = j;
      }
    }
    this.fantasy.set(best, centre + spread * (mean[best] as number));
    gp.append(best);
    this.inGp.add(best);
    return best;
  }

  /** The GP holding every observed and pending candidate, refitted when enough data arrived. */
  private syncedGp(centre: number, spread: number): PoolGp {
    const observed = this.scores.candidates();
    const due = Math.max(5, Math.ceil(0.15 * this.fittedAt));
    if (!this.gp || observed.length >= this.fittedAt + due) {
      if (this.medianDist === 0) this.medianDist = this.dists.medianDistance(this.rng);
      const y = observed.map((c) => (this.scores.mean(c) - centre) / spread);
      const hyper = fitRbfHyper(this.dists, observed, y, this.medianDist);
      if (this.gp) this.gp.reset(hyper);
      else this.gp = new PoolGp(this.dists, hyper);
      this.inGp = new Set();
      this.fittedAt = observed.length;
    }
    const gp = this.gp;
    for (const c of [...observed, ...this.proposed]) {
      if (!this.inGp.has(c)) {
        gp.append(c);
        this.inGp.add(c);
      }
    }
    return gp;
  }

  private rawValue(c: number, centre: number): number {
    return this.scores.has(c) ? this.scores.mean(c) : (this.fantasy.get(c) ?? centre);
  }

  private standardisation(): { centre: number; spread: number } {
    const values = this.scores.candidates().map((c) => this.scores.mean(c));
    const centre = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - centre) ** 2, 0) / values.length;
    const spread = Math.sqrt(variance);
    return { centre, spread: spread > 1e-9 ? spread : 1 };
  }
}

/** Creates the global GP-UCB baseline for the settings. */
export function createGpUcb(settings: SearchSettings, options: GpUcbOptions = {}): SearchMethod {
  return new GpUcb(settings, options);
}
