/**
 * Per-candidate evidence as the pipeline sees it: summed scores and examples over every
 * validation evaluation, so any candidate (the original above all) can be reported with
 * its mean and a Wilson interval, whether or not the optimizer ranks it; and the scores
 * per example, so that two candidates can be compared on the examples both saw.
 */
import { wilsonInterval } from '../optimizer/portfolio';
import type { Pick } from '../optimizer/types';
import type { ExampleResult, HeldOutComparison, PortfolioItem, ValidationPairing } from './runEvents';
import { scoresByExample } from './pairedEvidence';

/** Summed evidence per candidate. */
export class ScoreBook {
  private readonly correct = new Map<number, number>();
  private readonly total = new Map<number, number>();
  private readonly results = new Map<number, ExampleResult[]>();
  /** Queries told so far (repeats counted). */
  queries = 0;

  /** Adds one evaluation. */
  add(candidate: number, correct: number, total: number, repeats: number, results: readonly ExampleResult[] = []): void {
    this.correct.set(candidate, (this.correct.get(candidate) ?? 0) + correct);
    this.total.set(candidate, (this.total.get(candidate) ?? 0) + total);
    this.queries += repeats;
    const list = this.results.get(candidate) ?? [];
    list.push(...results);
    this.results.set(candidate, list);
  }

  /** Mean validation score per example index (answered examples only). */
  byExample(candidate: number): Map<number, number> {
    return scoresByExample(this.results.get(candidate) ?? []);
  }

  /** Examples behind a candidate's estimate. */
  examples(candidate: number): number {
    return this.total.get(candidate) ?? 0;
  }

  /** Mean score, or undefined when the candidate has no scored example. */
  mean(candidate: number): number | undefined {
    const t = this.total.get(candidate) ?? 0;
    return t > 0 ? (this.correct.get(candidate) ?? 0) / t : undefined;
  }

  /** The candidate as a portfolio item (score 0 and the widest interval when unscored). */
  item(candidate: number, text: string, testScore: number | undefined): PortfolioItem {
    const t = this.total.get(candidate) ?? 0;
    const c = this.correct.get(candidate) ?? 0;
    const interval = wilsonInterval(c, t);
    return { candidateId: candidate, text, score: t > 0 ? c / t : 0, interval: [interval[0], interval[1]], examples: t, testScore };
  }
}

/** The paired evidence a portfolio item carries besides its own scores. */
export interface ItemEvidence {
  readonly test: HeldOutComparison | undefined;
  readonly validationPaired: ValidationPairing | undefined;
}

/** An optimizer's pick as a portfolio item. */
export function pickToItem(pick: Pick, text: string, testScore: number | undefined, evidence?: ItemEvidence): PortfolioItem {
  const item: PortfolioItem = { candidateId: pick.candidate, text, score: pick.mean, interval: [pick.lower, pick.upper], examples: pick.total, testScore };
  return {
    ...item,
    ...(evidence?.test === undefined ? {} : { test: evidence.test }),
    ...(evidence?.validationPaired === undefined ? {} : { validationPaired: evidence.validationPaired }),
  };
}
