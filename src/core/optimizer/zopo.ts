/**
 * ZOPO as an ask/tell search method: an initial design, then local walkers that follow
 * the NTK-GP mean gradient projected onto unqueried candidates (walker.ts), local
 * exploration bursts and restarts to the leader. The product preset adds a space-filling
 * start, a PCA search space, global-GP UCB proposals alternating with the walkers
 * (globalGp.ts), and re-evaluation of leaders (reevaluation.ts) so that the returned
 * prompt is the best measured one rather than the luckiest observation.
 */
import { BlendedMetric } from './blendedMetric';
import { GlobalGp } from './globalGp';
import { ReluNtk } from './ntk';
import { ObservationLog } from './observationLog';
import { pcaProject } from './pca';
import { pickPortfolio, rankCandidates, shrunkMean } from './portfolio';
import { Rng } from './random';
import { contestProposal, rampedShare } from './contest';
import { reevaluation } from './reevaluation';
import { RoundFantasy } from './roundFantasy';
import { SearchSpace } from './searchSpace';
import { TEXT_FEATURE_NAMES, textFeatureMatrix } from './textFeatures';
import type { EmbeddingPool, Observation, Pick, Proposal, ProposalReason, SearchMethod, SearchSettings } from './types';
import { Walker, type WalkerContext } from './walker';
import { PAPER_OPTIONS, PRODUCT_OPTIONS, type ZopoOptions } from './zopoOptions';

export type { ZopoOptions } from './zopoOptions';

/** Creates a ZOPO search with the `zopo` (product) or `paper` (reference) preset. */
export function createZopo(settings: SearchSettings, preset: 'zopo' | 'paper', overrides?: Partial<ZopoOptions>): SearchMethod {
  const base = preset === 'paper' ? PAPER_OPTIONS : PRODUCT_OPTIONS;
  return new ZopoSearch(settings, { ...base, ...overrides }, preset === 'paper' ? 'zopo-paper' : 'zopo');
}

/**
 * The walkers' space and the global GP's embedding space: raw embeddings or their principal
 * components (`dims` <= 0 or >= the embedding's length keeps them raw). One PCA serves both:
 * the walkers take the leading `projectionDim` of the global space's `globalDim` components.
 */
export function buildSpaces(pool: EmbeddingPool, projectionDim: number, globalDim: number, seed: number): { walk: SearchSpace; global: SearchSpace } {
  const raw = (): SearchSpace => new SearchSpace(pool.n, pool.dim, pool.data);
  const isRaw = (d: number): boolean => d <= 0 || d >= pool.dim;
  const g = Math.max(projectionDim, globalDim);
  if (isRaw(projectionDim)) return { walk: raw(), global: raw() };
  if (isRaw(g)) return { walk: pcaSpace(pool, projectionDim, seed), global: raw() };
  const global = pcaSpace(pool, g, seed);
  if (global.dim <= projectionDim) return { walk: global, global };
  return { walk: leadingColumns(global, projectionDim), global };
}

function pcaSpace(pool: EmbeddingPool, dims: number, seed: number): SearchSpace {
  const data = pcaProject(pool, dims, seed);
  return new SearchSpace(pool.n, data.length / pool.n, data);
}

function leadingColumns(space: SearchSpace, dims: number): SearchSpace {
  const out = new Float64Array(space.n * dims);
  for (let i = 0; i < space.n; i++) out.set(space.data.subarray(i * space.dim, i * space.dim + dims), i * dims);
  return new SearchSpace(space.n, dims, out);
}

/** The global GP's metric: the global embedding space, blended with text features when enabled and given. */
function globalMetric(space: SearchSpace, settings: SearchSettings, options: ZopoOptions): BlendedMetric {
  const texts = settings.texts;
  if (!options.textFeatures || texts?.length !== space.n) return new BlendedMetric(space, undefined);
  return new BlendedMetric(space, new SearchSpace(space.n, TEXT_FEATURE_NAMES.length, textFeatureMatrix(texts)));
}

/** The ZOPO ask/tell state machine. */
export class ZopoSearch implements SearchMethod {
  private readonly space: SearchSpace;
  private readonly ntk: ReluNtk;
  private readonly log: ObservationLog;
  private readonly rng: Rng;
  private readonly queue: { candidate: number; reason: ProposalReason }[] = [];
  private readonly walkers: Walker[] = [];
  private readonly reserved = new Set<number>();
  private readonly pendingRepeats = new Set<number>();
  private turn = 0;
  private modelTurns = 0;
  private readonly global: GlobalGp | undefined;
  private nextRefit = 6;
  /** Queries proposed as re-evaluations. */
  private reevaluated = 0;
  /** The current round's kriging-believer fantasies (roundFantasy.ts); only while ask(k > 1). */
  private fantasy: RoundFantasy | undefined;
  /** Examples of this round's re-evaluations, per candidate (the contest's pending counts). */
  private readonly roundExamples = new Map<number, number>();

  constructor(
    private readonly settings: SearchSettings,
    readonly options: ZopoOptions,
    readonly name: string,
  ) {
    const spaces = buildSpaces(settings.pool, options.projectionDim, options.globalEvery > 0 ? options.globalDim : 0, 0x2f0);
    this.space = spaces.walk;
    this.ntk = new ReluNtk({ inputDim: this.space.dim, width: options.nnWidth, depth: options.nnDepth, seed: options.ntkSeed });
    this.log = new ObservationLog(settings.pool.n);
    this.rng = new Rng(settings.seed);
    const metric = options.globalEvery > 0 ? globalMetric(spaces.global, settings, options) : undefined;
    for (const c of this.initialDesign(metric)) this.queue.push({ candidate: c, reason: 'initial' });
    this.global = metric ? new GlobalGp(metric, Math.min(settings.budget, 400)) : undefined;
  }

  ask(k: number): Proposal[] {
    const out: Proposal[] = [];
    const start = this.log.spent;
    this.reserved.clear();
    this.roundExamples.clear();
    this.fantasy = k > 1 && this.global && this.global.size > 0 ? this.roundFantasy(this.global) : undefined;
    while (this.log.spent - start < k && this.log.spent < this.settings.budget) {
      const p = this.nextProposal();
      if (!p) break;
      if (this.log.spent - start + p.repeats < k) this.fantasy?.add(p.candidate);
      this.log.markAsked(p.candidate, p.repeats);
      if (p.reason !== 'reevaluate') {
        out.push(p);
        this.reserved.add(p.candidate);
        continue;
      }
      // A candidate re-evaluated again in the same round: one proposal with more repeats.
      this.reevaluated += p.repeats;
      this.roundExamples.set(p.candidate, (this.roundExamples.get(p.candidate) ?? 0) + p.repeats * Math.max(1, this.settings.valSize));
      const same = out.findIndex((q) => q.candidate === p.candidate);
      if (same < 0) out.push(p);
      else out[same] = { ...(out[same] as Proposal), repeats: (out[same] as Proposal).repeats + p.repeats };
    }
    for (const p of out) if (p.reason === 'reevaluate') this.pendingRepeats.add(p.candidate);
    this.reserved.clear();
    this.roundExamples.clear();
    this.fantasy = undefined;
    return out;
  }

  /** Fantasies for one round; each fantasised evaluation has one evaluation's noise. */
  private roundFantasy(global: GlobalGp): RoundFantasy {
    const p = Math.min(0.8, Math.max(0.2, this.log.grandMean()));
    const noise = (p * (1 - p)) / Math.max(1, this.settings.valSize) + global.nuggetVariance;
    return new RoundFantasy(global, this.space.n, noise);
  }

  tell(observations: readonly Observation[]): void {
    for (const o of observations) {
      this.log.record(o);
      this.pendingRepeats.delete(o.candidate);
    }
    if (this.global) this.updateGlobal(observations, this.global);
  }

  /** Feeds the global GP; refits its hyperparameters at geometrically spaced sizes. */
  private updateGlobal(observations: readonly Observation[], global: GlobalGp): void {
    const p = Math.min(0.8, Math.max(0.2, this.log.grandMean()));
    for (const o of observations) if (o.total > 0) global.add(o.candidate, o.correct / o.total, (p * (1 - p)) / o.total);
    if (global.size >= this.nextRefit) {
      global.refit();
      this.nextRefit = Math.ceil(global.size * 1.4);
    }
  }

  portfolio(size: number): Pick[] {
    const neighbours = (c: number): number[] => this.space.kNearest(this.space.row(c), 6, () => true, this.log.told);
    return pickPortfolio(this.log, size, (i) => this.score(i), this.options.selectionPrior > 0 ? neighbours : undefined);
  }

  /** Ranking score: the observed mean, shrunk towards the grand mean (product preset). */
  private score(i: number): number {
    const w = this.options.selectionPrior;
    const correct = this.log.correct[i] as number;
    const total = this.log.total[i] as number;
    if (w <= 0) return correct / total;
    return shrunkMean(correct, total, this.log.grandMean(), w);
  }

  private isFree(i: number): boolean {
    return this.log.isFree(i) && !this.reserved.has(i);
  }

  private nextProposal(): Proposal | undefined {
    for (;;) {
      const q = this.queue.shift();
      if (!q) break;
      if (this.isFree(q.candidate)) return { candidate: q.candidate, repeats: 1, reason: q.reason };
    }
    if (this.log.told.length === 0) return this.log.pending > 0 ? undefined : this.randomFree();
    const o = this.options;
    // With nothing left to explore, re-evaluating is the only use of the budget.
    const exhausted = !this.hasFree();
    const again = o.contestFinal > 0 ? this.contest(exhausted) : reevaluation({
      log: this.log,
      ranked: rankCandidates(this.log, (i) => this.score(i)),
      score: (i) => this.score(i),
      busy: (i) => this.pendingRepeats.has(i) || this.reserved.has(i) || this.roundExamples.has(i),
      budget: this.settings.budget,
      valSize: this.settings.valSize,
      leaderEvaluations: o.leaderEvaluations,
      reevaluateRepeats: o.reevaluateRepeats,
      raceShare: o.raceShare,
      raceSize: o.raceSize,
      priorWeight: o.selectionPrior,
      onlyIfContested: o.reevaluateOnlyIfContested && !exhausted,
    });
    return again ?? this.walkerProposal();
  }

  /** The adaptive contest's re-evaluation (contest.ts); without free candidates, always allowed. */
  private contest(exhausted: boolean): Proposal | undefined {
    const o = this.options;
    const leader = this.log.told.length > 0 ? this.leader() : undefined;
    return contestProposal({
      log: this.log,
      leader,
      leaderScore: leader === undefined ? 0 : this.score(leader),
      busy: (i) => this.pendingRepeats.has(i) || this.reserved.has(i),
      budget: this.settings.budget,
      reevaluated: this.reevaluated,
      share: exhausted ? () => 1 : rampedShare(o.contestShare, o.contestFinal, o.contestTail),
      z: o.contestZ,
      pending: (i) => this.roundExamples.get(i) ?? 0,
    });
  }

  private walkerProposal(): Proposal | undefined {
    const every = this.options.globalEvery;
    if (this.global && every > 0 && this.modelTurns++ % every === every - 1) {
      const c = this.ucbChoice(this.global);
      if (c >= 0) return { candidate: c, repeats: 1, reason: 'acquisition' };
    }
    this.ensureWalkers();
    const ctx = this.context();
    for (let tries = 0; tries < this.walkers.length; tries++) {
      const walker = this.walkers[this.turn++ % this.walkers.length] as Walker;
      const move = walker.next(ctx);
      if (move.kind === 'propose') return { candidate: move.candidate, repeats: 1, reason: move.restarted ? 'restart' : 'gradient' };
      if (move.kind === 'explore') {
        for (const c of move.candidates) this.queue.push({ candidate: c, reason: 'explore' });
        return this.nextProposal();
      }
    }
    return this.randomFree();
  }

  private ensureWalkers(): void {
    if (this.walkers.length > 0) return;
    const ranked = rankCandidates(this.log, (i) => this.score(i));
    for (const anchor of ranked.slice(0, Math.max(1, this.options.walkers))) {
      this.walkers.push(new Walker(this.options, this.space.dim, anchor));
    }
  }

  private context(): WalkerContext {
    return {
      space: this.space,
      log: this.log,
      ntk: this.ntk,
      budget: this.settings.budget,
      isFree: (i) => this.isFree(i),
      restartPoint: () => this.leader(),
      value: (i) => this.score(i),
    };
  }

  /** The candidate ranked first (what portfolio(1) returns). */
  private leader(): number {
    return rankCandidates(this.log, (i) => this.score(i))[0] ?? 0;
  }

  /** The free candidate maximising the global GP's upper confidence bound, or -1. */
  private ucbChoice(global: GlobalGp): number {
    let best = -1;
    let value = -Infinity;
    for (let i = 0; i < this.space.n; i++) {
      if (!this.isFree(i)) continue;
      const variance = this.fantasy ? this.fantasy.variance(i) : global.variance(i);
      const u = global.mean(i) + this.options.ucbBeta * Math.sqrt(variance);
      if (u > value) {
        value = u;
        best = i;
      }
    }
    return best;
  }

  private hasFree(): boolean {
    for (let i = 0; i < this.settings.pool.n; i++) if (this.isFree(i)) return true;
    return false;
  }

  private randomFree(): Proposal | undefined {
    const free: number[] = [];
    for (let i = 0; i < this.settings.pool.n; i++) if (this.isFree(i)) free.push(i);
    if (free.length === 0) return undefined;
    return { candidate: free[this.rng.int(free.length)] as number, repeats: 1, reason: 'random' };
  }

  private initialDesign(metric: BlendedMetric | undefined): number[] {
    const n = this.settings.pool.n;
    const m = Math.min(this.options.initialQueries, n, this.settings.budget);
    if (this.options.initialDesign === 'random') {
      return this.rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, m);
    }
    const w = this.options.initialFeatureWeight;
    if (metric && w > 0 && metric.weights.length > 1) {
      metric.weight = w;
      const seeds = kMeansPlusPlusSeeds(metric, m, this.rng);
      metric.weight = 0;
      return seeds;
    }
    return kMeansPlusPlusSeeds(this.space, m, this.rng);
  }
}

/** k-means++ seeding (Arthur & Vassilvitskii 2007): spread-out, but not outlier-chasing. */
export function kMeansPlusPlusSeeds(space: { readonly n: number; distance2(a: number, b: number): number }, m: number, rng: Rng): number[] {
  const chosen: number[] = [];
  if (m <= 0 || space.n === 0) return chosen;
  const d2 = new Float64Array(space.n).fill(Infinity);
  let next = rng.int(space.n);
  while (chosen.length < m) {
    chosen.push(next);
    let sum = 0;
    for (let i = 0; i < space.n; i++) {
      d2[i] = Math.min(d2[i] as number, space.distance2(i, next));
      sum += d2[i] as number;
    }
    if (!(sum > 0)) break;
    let r = rng.next() * sum;
    next = space.n - 1;
    for (let i = 0; i < space.n; i++) {
      r -= d2[i] as number;
      if (r < 0) {
        next = i;
        break;
      }
    }
  }
  return chosen;
}
