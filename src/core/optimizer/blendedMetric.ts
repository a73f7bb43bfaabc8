/**
 * The distance the global GP works with: a blend of two representations of each candidate,
 * the (projected) embedding and the standardised text features (textFeatures.ts),
 *   d^2(a, b) = (1 - w) dE^2(a, b) / mE + w dF^2(a, b) / mF,
 * each part divided by its median over sampled pairs (mE, mF) so that the weight w means the
 * same on every pool. The GP picks w with its other hyperparameters by marginal likelihood
 * (the paper's Insight II: the representation decides which optima are reachable).
 */
import { Rng } from './random';
import type { SearchSpace } from './searchSpace';

/** Blend weights of the text features tried when the GP refits. */
export const FEATURE_WEIGHTS = [0, 1 / 3, 2 / 3, 1] as const;

/** Two representations of one pool and the current weight between them. */
export class BlendedMetric {
  /** Weight of the text features, one of {@link weights}. */
  weight = 0;
  private readonly scaleE: number;
  private readonly scaleF: number;

  constructor(
    private readonly embedding: SearchSpace,
    /** Standardised text features (same rows), or undefined: embedding only. */
    private readonly features: SearchSpace | undefined,
  ) {
    this.scaleE = 1 / medianPairDistance2(embedding);
    this.scaleF = features ? 1 / medianPairDistance2(features) : 0;
  }

  get n(): number {
    return this.embedding.n;
  }

  /** The weights worth trying: only 0 without usable text features. */
  get weights(): readonly number[] {
    return this.features && Number.isFinite(this.scaleF) && this.scaleF > 0 ? FEATURE_WEIGHTS : [0];
  }

  /** The two scaled parts of the squared distance between rows a and b. */
  parts(a: number, b: number): [number, number] {
    const e = this.embedding.distance2(a, b) * this.scaleE;
    const f = this.features && this.scaleF > 0 ? this.features.distance2(a, b) * this.scaleF : 0;
    return [e, f];
  }

  /** The blended squared distance at the current weight. */
  distance2(a: number, b: number): number {
    const [e, f] = this.parts(a, b);
    return blend(e, f, this.weight);
  }

  /** The blended squared distance from row `c` to every row. */
  distancesFrom(c: number): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.distance2(c, i);
    return out;
  }
}

/** (1 - w) e + w f. */
export function blend(e: number, f: number, w: number): number {
  return (1 - w) * e + w * f;
}

/** Median squared distance over up to 2,000 seeded random pairs of distinct rows (1 if none is positive). */
export function medianPairDistance2(space: SearchSpace): number {
  const rng = new Rng(0x6d656469);
  const values: number[] = [];
  if (space.n < 2) return 1;
  for (let t = 0; t < 2000; t++) {
    const a = rng.int(space.n);
    const b = rng.int(space.n);
    if (a === b) continue;
    const d = space.distance2(a, b);
    if (d > 0) values.push(d);
  }
  values.sort((x, y) => x - y);
  return values[values.length >> 1] ?? 1;
}
