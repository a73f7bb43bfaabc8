/**
 * Resuming a search. The loop is deterministic given the evaluation results (searchLoop.ts
 * tells in launch order), so a resumed run starts a fresh optimizer with the same seed and
 * runs the same loop, answering every evaluation it already logged from the log instead of
 * the LLM. The optimizer is re-asked and re-told exactly as before, ending in the state the
 * run stopped in, and the loop carries on with real evaluations from there. Requests of an
 * evaluation that was cut short are in the LLM cache, so nothing is paid twice.
 */
import type { EvaluationScore } from './candidateEvaluator';
import type { EvaluationEntry } from './runFileTypes';
import type { LaunchedEvaluation } from './searchLoop';

/** Logged search evaluations, looked up by what launched them. */
export class EvaluationReplay {
  private readonly logged = new Map<string, EvaluationEntry>();
  private readonly used = new Set<string>();
  /** Logged evaluations whose validation batches differ from the replayed draw (the data changed). */
  mismatches = 0;

  constructor(entries: readonly EvaluationEntry[]) {
    for (const e of entries) if (e.kind === 'search') this.logged.set(keyOf(e.round, e.candidate), e);
  }

  /** Logged search evaluations. */
  get size(): number {
    return this.logged.size;
  }

  /** The logged result of `launch`, or undefined when it must be evaluated. */
  take(launch: LaunchedEvaluation): EvaluationScore | undefined {
    const key = keyOf(launch.round, launch.candidate);
    const entry = this.logged.get(key);
    if (entry === undefined || this.used.has(key)) return undefined;
    if (entry.batches.join(',') !== launch.draw.batches.join(',') || entry.repeats !== launch.repeats) {
      this.mismatches++;
      return undefined;
    }
    this.used.add(key);
    return { correct: entry.correct, total: entry.total, failed: entry.failed, results: entry.results, failure: undefined };
  }

  /** True when `launch` was answered from the log (so it must not be logged again). */
  replayed(launch: LaunchedEvaluation): boolean {
    return this.used.has(keyOf(launch.round, launch.candidate));
  }
}

function keyOf(round: number, candidate: number): string {
  return `${round}:${candidate}`;
}
