/**
 * The ask/tell loop that drives evaluation. It keeps about `targetCalls` LLM requests in
 * flight (the client's concurrency plus one query's worth, so the endpoint never idles
 * between queries), asking the optimizer for just enough proposals to fill that.
 *
 * Finished evaluations are told in the order they were launched, not the order they
 * finish: the optimizer then sees the same sequence of asks and tells whatever the network
 * timing, so a run is reproducible from its seed, and a resumed run that answers the
 * evaluations it already logged from the log (evaluationReplay.ts) retraces the
 * interrupted run's path exactly and carries on from where it stopped.
 */
import type { ValidationDraw } from '../data/validationSampler';
import type { Proposal, SearchMethod } from '../optimizer/types';
import type { EvaluationScore } from './candidateEvaluator';
import { RunFailedError } from './runErrors';

/** One evaluation handed to the LLM: a proposal with its validation examples. */
export interface LaunchedEvaluation {
  readonly candidate: number;
  readonly repeats: number;
  /** The proposal's reason, or `original` for the original's first evaluation. */
  readonly reason: string;
  /** The ask round that proposed it; -1 for the original. */
  readonly round: number;
  readonly draw: ValidationDraw;
}

/** Where the loop starts. */
export interface SearchState {
  /** Next ask round number. */
  round: number;
  /** Evaluations told so far (the original's included). */
  tells: number;
  /** To evaluate before asking (the original), in launch order. */
  readonly pending: LaunchedEvaluation[];
}

/** What the loop calls out to. */
export interface SearchLoopDeps {
  readonly optimizer: SearchMethod;
  readonly evaluate: (launch: LaunchedEvaluation) => Promise<EvaluationScore | undefined>;
  /** Validation examples for a new proposal (ValidationSampler.take). */
  readonly draw: (proposal: Proposal) => ValidationDraw;
  readonly onStarted: (launch: LaunchedEvaluation) => void;
  /** Logs a finished evaluation; called just before the optimizer is told. */
  readonly onFinished: (launch: LaunchedEvaluation, score: EvaluationScore, seq: number) => void;
  /** Called after the optimizer was told. */
  readonly afterTell: () => void;
  /** A reason to stop asking (a soft stop, a limit); in-flight evaluations still finish. */
  readonly stopReason: () => string | undefined;
  readonly targetCalls: number;
  readonly callsPerQuery: number;
  /** Ask only once every evaluation in flight is told (batch mode: one round, one batch). */
  readonly roundSync?: boolean;
}

/** How the loop ended. */
export type SearchEnd = 'finished' | 'stopped' | 'cancelled';

/** Evaluations in a row with every request failed before the run gives up. */
const MAX_FAILED_EVALUATIONS = 3;

interface InFlight {
  readonly launch: LaunchedEvaluation;
  readonly result: Promise<EvaluationScore | undefined>;
}

/** Runs the loop until the optimizer has nothing left to ask, a stop, or a cancel. */
export async function runSearchLoop(deps: SearchLoopDeps, state: SearchState): Promise<SearchEnd> {
  const queue: InFlight[] = [];
  const launch = (l: LaunchedEvaluation): void => {
    deps.onStarted(l);
    queue.push({ launch: l, result: deps.evaluate(l) });
  };
  for (const l of state.pending.splice(0)) launch(l);
  let failedInRow = 0;
  fill(deps, state, queue, launch);
  while (queue.length > 0) {
    const head = queue.shift() as InFlight;
    const score = await head.result;
    if (score === undefined) {
      await Promise.allSettled(queue.map((q) => q.result));
      return 'cancelled';
    }
    deps.onFinished(head.launch, score, state.tells);
    deps.optimizer.tell([{ candidate: head.launch.candidate, correct: score.correct, total: score.total }]);
    state.tells++;
    deps.afterTell();
    failedInRow = score.total === 0 ? failedInRow + 1 : 0;
    if (failedInRow >= MAX_FAILED_EVALUATIONS) {
      await Promise.allSettled(queue.map((q) => q.result));
      throw new RunFailedError(`every request of the last ${MAX_FAILED_EVALUATIONS} evaluations failed (${score.failure ?? 'no answer'}): check the base URL, the model name and the API key`);
    }
    fill(deps, state, queue, launch);
  }
  return deps.stopReason() === undefined ? 'finished' : 'stopped';
}

/** Asks for proposals until about `targetCalls` requests are in flight, or none come. */
function fill(deps: SearchLoopDeps, state: SearchState, queue: readonly InFlight[], launch: (l: LaunchedEvaluation) => void): void {
  for (;;) {
    // The original is told before any ask, so the optimizer never proposes it as new.
    if (deps.stopReason() !== undefined || queue.some((q) => q.launch.round < 0)) return;
    if (deps.roundSync === true && queue.length > 0) return;
    const inFlight = queue.reduce((sum, q) => sum + q.launch.draw.examples.length, 0);
    if (inFlight >= deps.targetCalls) return;
    const k = Math.max(1, Math.ceil((deps.targetCalls - inFlight) / deps.callsPerQuery));
    const proposals = deps.optimizer.ask(k);
    const round = state.round++;
    if (proposals.length === 0) return;
    for (const p of proposals) launch({ candidate: p.candidate, repeats: p.repeats, reason: p.reason, round, draw: deps.draw(p) });
  }
}
