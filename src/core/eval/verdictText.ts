/**
 * How a run's held-out verdicts are put into words, the same in the CLI, the Quick Fix, the
 * CodeLens, the notification, the panel and the Runs view; and which prompt (if any) may be
 * offered as a replacement: only one the held-out test says is better than the original.
 * Pure: imported by the extension host and the webview bundle alike.
 */
import type { HeldOutComparison } from '../pipeline/runEvents';

/** A returned prompt as far as its verdict goes (a PortfolioItem, or a run record's entry); the original has no `test`. */
export interface WithVerdict {
  readonly test?: HeldOutComparison | undefined;
}

/** A signed difference: "+0.17", "-0.05", "+0.00". */
export function signed(x: number, digits = 2): string {
  const text = Math.abs(x).toFixed(digits);
  return (x < 0 && Number(text) !== 0 ? '-' : '+') + text;
}

/** "+0.17 on 100 test examples, 95% CI +0.08..+0.26". */
export function heldOutSummary(test: HeldOutComparison): string {
  return `${signed(test.delta)} on ${test.pairedExamples} test examples, 95% CI ${signed(test.interval[0])}..${signed(test.interval[1])}`;
}

/** "better: +0.17 on 100 test examples, 95% CI +0.08..+0.26", or "not tested". */
export function verdictLine(item: WithVerdict): string {
  return item.test === undefined ? 'not tested' : `${item.test.verdict}: ${heldOutSummary(item.test)}`;
}

/**
 * The prompt that may replace the original: the first of the portfolio (validation order, so
 * the test is not used to choose among prompts twice) whose held-out verdict is `better`.
 */
export function recommendedPrompt<T extends WithVerdict>(portfolio: readonly T[]): T | undefined {
  return portfolio.find((p) => p.test?.verdict === 'better');
}

/**
 * What to say when no prompt is reliably better: plainly that none is, and, for the most
 * promising one, how many paired test examples would settle it. Undefined when one is better
 * or the run was not tested.
 */
export function noImprovementText(portfolio: readonly WithVerdict[]): string | undefined {
  const tested = portfolio.flatMap((p) => (p.test === undefined ? [] : [p.test]));
  if (tested.length === 0 || recommendedPrompt(portfolio) !== undefined) return undefined;
  const test = [...tested].sort((a, b) => b.delta - a.delta)[0] as HeldOutComparison;
  const head = `No reliable improvement over the original on ${test.pairedExamples} held-out test examples`;
  if (test.delta <= 0 || test.examplesNeeded === undefined) return `${head}: no returned prompt scored above it.`;
  return `${head} (best ${heldOutSummary(test)}); about ${test.examplesNeeded} paired test examples would settle a difference that size.`;
}
