/**
 * Per-candidate running totals of observations, and the "best observed" portfolio that the
 * baseline methods return (as a user would choose: by observed score).
 */
import type { Observation, Pick } from '../types';

/** z for a two-sided 95% interval. */
const Z95 = 1.959964;

/** Summed observations per candidate, in the order candidates were first observed. */
export class ObservedScores {
  private readonly correct = new Map<number, number>();
  private readonly total = new Map<number, number>();

  /** Adds observations; repeated observations of one candidate are pooled. */
  add(observations: readonly Observation[]): void {
    for (const o of observations) {
      this.correct.set(o.candidate, (this.correct.get(o.candidate) ?? 0) + o.correct);
      this.total.set(o.candidate, (this.total.get(o.candidate) ?? 0) + o.total);
    }
  }

  has(candidate: number): boolean {
    return this.total.has(candidate);
  }

  /** Observed mean score of a candidate (NaN when never observed or observed on 0 examples). */
  mean(candidate: number): number {
    const t = this.total.get(candidate) ?? 0;
    return t > 0 ? (this.correct.get(candidate) ?? 0) / t : Number.NaN;
  }

  /** Candidates observed so far, in first-observation order. */
  candidates(): number[] {
    return [...this.total.keys()];
  }

  /**
   * The `size` best candidates by observed mean, best first, with 95% Wilson intervals.
   * Ties go to the candidate with more examples, then to the one observed first.
   */
  portfolio(size: number): Pick[] {
    const picks = this.candidates().map((c) => this.pick(c));
    const order = picks.map((p, i) => ({ p, i }));
    order.sort((a, b) => {
      const am = Number.isNaN(a.p.mean) ? -Infinity : a.p.mean;
      const bm = Number.isNaN(b.p.mean) ? -Infinity : b.p.mean;
      return bm - am || b.p.total - a.p.total || a.i - b.i;
    });
    return order.slice(0, Math.max(0, size)).map((o) => o.p);
  }

  private pick(candidate: number): Pick {
    const total = this.total.get(candidate) ?? 0;
    const mean = this.mean(candidate);
    const [lower, upper] = wilsonInterval(total > 0 ? mean : 0, total);
    return { candidate, mean, lower, upper, total };
  }
}

/** 95% Wilson score interval for a proportion `p` observed on `n` examples. */
export function wilsonInterval(p: number, n: number): [number, number] {
  if (n <= 0) return [0, 1];
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
