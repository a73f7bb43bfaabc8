/** Small in-memory landscapes and scripted methods for the benchmark and baseline tests. */
import type { Landscape } from '../../../src/bench/landscape';
import { Rng } from '../../../src/core/optimizer/random';
import type { Observation, Pick, Proposal, SearchMethod } from '../../../src/core/optimizer/types';

/** A landscape from explicit rows and accuracies. */
export function makeLandscape(rows: readonly (readonly number[])[], accuracy: readonly number[], valSize = 20): Landscape {
  const dim = rows[0]?.length ?? 0;
  return {
    name: 'test',
    source: 'memory',
    valSize,
    texts: rows.map((_, i) => `prompt ${i}`),
    pool: { n: rows.length, dim, data: Float32Array.from(rows.flat()) },
    accuracy: Float64Array.from(accuracy),
    poolMax: Math.max(...accuracy),
  };
}

/**
 * `n` standard normal points in `dim` dimensions with one smooth bump: accuracy runs from 0.3
 * far away to 0.9 at the point nearest the bump's centre.
 */
export function smoothLandscape(seed: number, n = 200, dim = 4, width = 1.2): Landscape {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: dim }, () => rng.normal()));
  const centre = Array.from({ length: dim }, () => 0.8 * rng.normal());
  const bump = rows.map((r) => Math.exp(-r.reduce((s, v, d) => s + (v - (centre[d] as number)) ** 2, 0) / (2 * width * width)));
  const top = Math.max(...bump);
  return makeLandscape(rows, bump.map((b) => 0.3 + (0.6 * b) / top));
}

/** A method that replays a fixed list of proposal batches and always picks `pick`. */
export class ScriptedMethod implements SearchMethod {
  readonly name = 'scripted';
  readonly asks: number[] = [];
  readonly told: Observation[] = [];
  private round = 0;

  constructor(
    private readonly script: readonly (readonly Proposal[])[],
    private readonly pick: number,
  ) {}

  ask(k: number): Proposal[] {
    this.asks.push(k);
    return [...(this.script[this.round++] ?? [])];
  }

  tell(observations: readonly Observation[]): void {
    this.told.push(...observations);
  }

  portfolio(size: number): Pick[] {
    const p: Pick = { candidate: this.pick, mean: 0, lower: 0, upper: 1, total: 0 };
    return size > 0 && this.told.length > 0 ? [p] : [];
  }
}

/** One proposal per round, `repeats` each, for candidates in `order`. */
export function singles(order: readonly number[], repeats = 1): Proposal[][] {
  return order.map((candidate) => [{ candidate, repeats, reason: 'random' }]);
}
