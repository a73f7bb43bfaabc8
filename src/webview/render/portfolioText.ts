/**
 * The words of the panel's portfolio, kept apart from the DOM so they are unit-tested: each
 * prompt leads with its held-out verdict against the original, validation scores follow as
 * details, and only a prompt the test calls better gets an Apply button.
 */
import { noImprovementText, signed, verdictLine } from '../../core/eval/verdictText';
import type { PortfolioItem } from '../../core/pipeline/runEvents';

/** What the panel shows for one returned prompt. */
export interface PortfolioLines {
  /** "better: +0.17 on 100 test examples, 95% CI +0.08..+0.26", "your prompt", or "not tested". */
  readonly verdict: string;
  readonly details: string;
  /** Only a held-out-better prompt is offered as a replacement; Diff and Copy stay for all. */
  readonly canApply: boolean;
}

const score = (x: number): string => x.toFixed(3);

/** Validation details: own mean, interval and count, and the paired delta on shared examples. */
export function validationDetails(item: PortfolioItem): string {
  const [lo, hi] = item.interval;
  const paired = item.validationPaired === undefined ? '' : `; ${signed(item.validationPaired.delta)} vs yours on the same ${item.validationPaired.pairedExamples}`;
  const test = item.testScore === undefined ? '' : ` · test mean ${score(item.testScore)}`;
  return `validation ${score(item.score)} [${score(lo)}, ${score(hi)}] on ${item.examples} examples${paired}${test}`;
}

/** The lines of one portfolio item. */
export function portfolioLines(item: PortfolioItem): PortfolioLines {
  const verdict = item.candidateId === 0 ? 'your prompt (the baseline)' : verdictLine(item);
  return { verdict, details: validationDetails(item), canApply: item.test?.verdict === 'better' };
}

/** The line above the list: that no reliable improvement was found and what would settle it. */
export function portfolioHeadline(portfolio: readonly PortfolioItem[]): string | undefined {
  return noImprovementText(portfolio);
}
