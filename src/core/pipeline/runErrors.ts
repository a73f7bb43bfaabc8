/**
 * The typed failures a run reports, so that the CLI can choose its exit code and the editor
 * its message: bad input (fix a file, exit 2), a refused budget (raise a limit or allow it),
 * and failures along the way (the message says what to do, exit 1).
 */
import type { BudgetCheck } from '../cost/budget';
import type { RunEstimate } from '../cost/costEstimator';

/**
 * A problem with what the user gave: the prompt, a dataset, the metric, a flag. `location`
 * is `file:line:col` when known, and leads the message.
 */
export class RunInputError extends Error {
  override readonly name = 'RunInputError';

  constructor(
    message: string,
    readonly file: string | undefined = undefined,
    readonly line: number | undefined = undefined,
    readonly column: number | undefined = undefined,
  ) {
    super(message);
  }
}

/** The estimate exceeds a limit and nobody allowed it: the run did not start, nothing was spent. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';

  constructor(
    message: string,
    readonly estimate: RunEstimate,
    readonly check: BudgetCheck,
  ) {
    super(message);
  }
}

/** A run that started and could not go on (endpoint unreachable, every request failing). */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';

  /** `runDir`: where the run's state is saved, for a resume once the cause is fixed. */
  constructor(
    message: string,
    readonly runDir: string | undefined = undefined,
  ) {
    super(message);
  }
}

/** A run directory that cannot be resumed (missing or foreign files). */
export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

/**
 * A run directory this run may not use: it holds another run, another process is running
 * in it, or (on resume) the prompt, data or endpoint differ from what the run recorded.
 * Nothing was spent; the message says what to do (exit 2).
 */
export class RunDirectoryError extends Error {
  override readonly name = 'RunDirectoryError';
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
