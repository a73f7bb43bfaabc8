/**
 * One ZOPO local walker: from its current point it fits the local NTK-GP, takes Adam
 * steps along grad mu projected onto the nearest unqueried candidate, and asks for local
 * exploration when the GP stays uncertain (ZOPO Algorithm 1 with the reference's
 * uncertainty_count / neighbors / tolerance rules, see docs/ZOPO.md).
 */
import { Adam } from './adam';
import { LocalNtkGp, type LocalGpOptions } from './localGp';
import type { ReluNtk } from './ntk';
import type { ObservationLog } from './observationLog';
import type { SearchSpace } from './searchSpace';

/** The knobs of a walker's step rule. */
export interface WalkerOptions {
  readonly lr: number;
  readonly maxSteps: number;
  readonly gpQueries: number;
  readonly uncertaintyThreshold: number;
  /** Measure uncertainty as variance / prior variance instead of raw variance. */
  readonly relativeUncertainty: boolean;
  readonly uncertaintyCount: number;
  readonly neighbors: number;
  readonly tolerance: number;
  readonly gp: LocalGpOptions;
}

/** What the shared search state offers a walker. */
export interface WalkerContext {
  readonly space: SearchSpace;
  readonly log: ObservationLog;
  readonly ntk: ReluNtk;
  readonly budget: number;
  /** Not queried, not pending, not reserved by another proposal of this ask. */
  isFree(i: number): boolean;
  /** Where a restart goes (reference: the best observed candidate). */
  restartPoint(): number;
  /** The value used for improvement tracking at a told candidate. */
  value(i: number): number;
}

/** A walker's next move. */
export type WalkerMove =
  | { readonly kind: 'propose'; readonly candidate: number; readonly restarted: boolean }
  | { readonly kind: 'explore'; readonly candidates: readonly number[] }
  | { readonly kind: 'none' };

/** State of one local search. */
export class Walker {
  private readonly adam: Adam;
  private maxValue = -Infinity;
  private stale = 0;
  private uncertainRun = 0;
  /** Set after an exploration: the next move resumes from here without bookkeeping. */
  private resumeFrom = -1;
  private lastProposal = -1;

  constructor(
    private readonly options: WalkerOptions,
    dim: number,
    /** The candidate the walker stands on. */
    public anchor: number,
  ) {
    this.adam = new Adam(dim, options.lr);
  }

  /** Moves the walker to `candidate` with fresh Adam moments (a restart). */
  jumpTo(candidate: number): void {
    this.anchor = candidate;
    this.lastProposal = -1;
    this.stale = 0;
    this.adam.reset();
  }

  /** Decides the next query (reference `ask`). */
  next(ctx: WalkerContext): WalkerMove {
    let start = this.resumeFrom;
    let restarted = false;
    if (start >= 0) this.resumeFrom = -1;
    else {
      start = this.lastProposal >= 0 && ctx.log.isTold(this.lastProposal) ? this.lastProposal : this.anchor;
      const value = ctx.value(start);
      if (value > this.maxValue) {
        this.maxValue = value;
        this.stale = 0;
      } else this.stale++;
      if (this.stale > this.options.tolerance) {
        start = ctx.restartPoint();
        this.stale = 0;
        this.adam.reset();
        restarted = true;
      }
    }
    this.anchor = start;
    const move = this.stepFrom(ctx, start);
    if (move.kind === 'propose') {
      this.lastProposal = move.candidate;
      return { ...move, restarted };
    }
    return move;
  }

  private stepFrom(ctx: WalkerContext, start: number): WalkerMove {
    const o = this.options;
    const gp = fitAround(ctx, start, o);
    let x = ctx.space.row(start);
    let proposal = -1;
    for (let steps = 0; steps < o.maxSteps; steps++) {
      const p = gp.predict(x);
      const u = o.relativeUncertainty ? Math.abs(p.variance) / Math.max(p.priorVariance, 1e-300) : Math.abs(p.variance);
      const uncertain = u > o.uncertaintyThreshold;
      if (steps === 0) {
        this.uncertainRun = uncertain ? this.uncertainRun + 1 : u < o.uncertaintyThreshold ? 0 : this.uncertainRun;
        const flat = p.gradient.every((g) => g === 0);
        const room = ctx.log.spent + 1 <= ctx.budget - o.neighbors;
        if (flat || (this.uncertainRun >= o.uncertaintyCount && room)) {
          this.uncertainRun = 0;
          this.stale = 0;
          const near = ctx.space.kNearest(ctx.space.row(start), o.neighbors, () => true).filter((i) => ctx.isFree(i));
          if (near.length > 0) {
            this.resumeFrom = start;
            return { kind: 'explore', candidates: near };
          }
        }
      } else if (uncertain) break;
      const target = this.adam.ascend(x, p.gradient);
      const c = ctx.space.nearest(target, (i) => ctx.isFree(i));
      if (c < 0) break;
      proposal = c;
      x = ctx.space.row(c);
      if (u >= o.uncertaintyThreshold) break;
    }
    return proposal >= 0 ? { kind: 'propose', candidate: proposal, restarted: false } : { kind: 'none' };
  }
}

/** Fits the local GP on the `gpQueries` told candidates nearest to `start`. */
export function fitAround(ctx: WalkerContext, start: number, o: WalkerOptions): LocalNtkGp {
  const space = ctx.space;
  const near = space.kNearest(space.row(start), o.gpQueries, () => true, ctx.log.told);
  const xs = new Float64Array(near.length * space.dim);
  const ys = new Float64Array(near.length);
  near.forEach((c, r) => {
    xs.set(space.data.subarray(c * space.dim, (c + 1) * space.dim), r * space.dim);
    ys[r] = ctx.log.mean(c);
  });
  return new LocalNtkGp(ctx.ntk, xs, ys, o.gp);
}
