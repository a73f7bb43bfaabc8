/**
 * Which proposer to ask next: the global GP's UCB or the local NTK walker. Neither wins on
 * every landscape (real prompt landscapes favour the global model, smooth synthetic ones the
 * walker), so the choice is itself a two-armed bandit: a proposal succeeds when its first
 * observation reaches the current top `topK` of the told candidates, and each turn goes to
 * the arm drawn highest from its Beta(1 + successes, 1 + failures) posterior (Thompson
 * sampling, seeded, so runs stay deterministic).
 */
import type { Rng } from './random';

/** The proposers the bandit chooses between. */
export type Source = 'model' | 'walker';

/** Thompson sampling over the two proposers. */
export class SourceBandit {
  private readonly wins: Record<Source, number> = { model: 0, walker: 0 };
  private readonly losses: Record<Source, number> = { model: 0, walker: 0 };
  /** The arm behind each candidate's first proposal, until it is told. */
  private readonly pending = new Map<number, Source>();

  constructor(
    private readonly rng: Rng,
    /** Prior successes of the model arm (a head start; the walker's is 0). */
    private readonly modelPrior: number,
  ) {}

  /** The arm to use now. */
  choose(): Source {
    const m = betaSample(this.rng, 1 + this.wins.model + this.modelPrior, 1 + this.losses.model);
    const w = betaSample(this.rng, 1 + this.wins.walker, 1 + this.losses.walker);
    return m >= w ? 'model' : 'walker';
  }

  /** Remembers that `candidate` was proposed by `source`. */
  proposed(candidate: number, source: Source): void {
    this.pending.set(candidate, source);
  }

  /** Credits the arm behind `candidate`'s first observation; `success` when it reached the top. */
  told(candidate: number, success: boolean): void {
    const source = this.pending.get(candidate);
    if (source === undefined) return;
    this.pending.delete(candidate);
    if (success) this.wins[source]++;
    else this.losses[source]++;
  }

  /** Successes and failures so far, per arm (for tests and diagnostics). */
  record(source: Source): { wins: number; losses: number } {
    return { wins: this.wins[source], losses: this.losses[source] };
  }
}

/** A Beta(a, b) draw for integer-ish a, b >= 1, as X / (X + Y) with X, Y Gamma draws. */
export function betaSample(rng: Rng, a: number, b: number): number {
  const x = gammaSample(rng, a);
  const y = gammaSample(rng, b);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** Gamma(shape, 1) for shape >= 1 (Marsaglia & Tsang 2000). */
function gammaSample(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.next();
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
