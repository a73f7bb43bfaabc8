/**
 * Keeps run.json (the Runs view's summary, with live progress) and portfolio.json in step
 * with the run, and composes the portfolio items that the `done` event, the CLI and the
 * files share.
 */
import type { SearchMethod } from '../optimizer/types';
import type { RunRecordStatus } from '../runs/runRecord';
import type { RunConfig } from './runConfig';
import type { RunDirectory } from './runDirectory';
import { validationPairing } from './pairedEvidence';
import type { CandidateInfo, HeldOutComparison, PortfolioItem, UsageSnapshot } from './runEvents';
import type { RunEndStatus, RunResult } from './runTypes';
import { pickToItem, type ItemEvidence, type ScoreBook } from './scoreBook';

/** Test scores by candidate id. */
export type TestMeans = ReadonlyMap<number, number | undefined>;

/** Writes the run's summary files; see the module comment. */
export class RunRecorder {
  constructor(
    private readonly dir: RunDirectory,
    private readonly config: RunConfig,
    private readonly createdAt: string,
    private readonly simulated: boolean,
    /** The size of the held-out test set the test phase scores on. */
    private readonly testExamples: number,
  ) {}

  /**
   * The current portfolio (best first) and the original, with test means when known, each
   * prompt's held-out comparison (`comparisons`) and its validation delta on shared examples.
   */
  portfolio(
    optimizer: SearchMethod | undefined,
    book: ScoreBook,
    candidates: readonly CandidateInfo[],
    tests: TestMeans,
    comparisons: ReadonlyMap<number, HeldOutComparison> = new Map(),
  ): { portfolio: PortfolioItem[]; original: PortfolioItem } {
    const text = (id: number): string => candidates[id]?.text ?? this.config.promptText;
    const picks = optimizer?.portfolio(this.config.portfolioSize) ?? [];
    const originalScores = book.byExample(0);
    const evidence = (id: number): ItemEvidence => ({ test: comparisons.get(id), validationPaired: validationPairing(book.byExample(id), originalScores) });
    // The original in the portfolio is reported with all its evidence (the pairing included), as beside it.
    const portfolio = picks.map((p) => (p.candidate === 0 ? book.item(0, text(0), tests.get(0)) : pickToItem(p, text(p.candidate), tests.get(p.candidate), evidence(p.candidate))));
    if (portfolio.length === 0 && book.examples(0) > 0) portfolio.push(book.item(0, text(0), tests.get(0)));
    return { portfolio, original: book.item(0, text(0), tests.get(0)) };
  }

  /** Rewrites run.json. */
  writeRecord(status: RunRecordStatus, state: { portfolio: readonly PortfolioItem[]; original: PortfolioItem; usage: UsageSnapshot; queries: number; message?: string | undefined }): void {
    const { portfolio, original } = state;
    this.dir.writeRecord({
      id: this.dir.id,
      createdAt: this.createdAt,
      updatedAt: new Date().toISOString(),
      status,
      promptSource: this.config.promptSource,
      datasetSource: this.config.dataFile,
      simulated: this.simulated,
      originalScore: original.examples > 0 ? original.score : undefined,
      bestScore: portfolio[0]?.score,
      portfolio: portfolio.map((p) => ({ text: p.text, score: p.score, testScore: p.testScore, ...(p.test === undefined ? {} : { test: p.test }) })),
      originalTestScore: original.testScore,
      testExamples: original.testScore === undefined ? undefined : this.testExamples,
      queries: state.queries,
      budget: this.config.budget,
      usage: state.usage,
      message: state.message,
    });
  }

  /** Writes portfolio.json and run.json for an ended run, and returns its result. */
  finish(status: RunEndStatus, state: { portfolio: PortfolioItem[]; original: PortfolioItem; usage: UsageSnapshot; queries: number; message: string | undefined; tested: boolean; failedGradings?: number }): RunResult {
    const { portfolio, original, usage, queries, tested } = state;
    this.dir.writePortfolio({ portfolio, original, queries, usage, tested });
    this.writeRecord(status, state);
    const graded = state.failedGradings === undefined || state.failedGradings === 0 ? {} : { failedGradings: state.failedGradings };
    return { status, runDir: this.dir.dir, portfolio, original, usage, queries, budget: this.config.budget, simulated: this.simulated, message: state.message, ...graded };
  }
}
