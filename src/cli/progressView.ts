/**
 * Run events rendered on stderr: on a terminal, one redrawn line with a progress bar, the
 * best score so far and the spend; otherwise (CI logs, pipes) one line per phase and per
 * warning, nothing redrawn. A wait on the endpoint (rate limited, retrying after a timeout)
 * is a line of its own, and on a terminal stays on the progress line until it is over.
 */
import type { RunEvent, RunPhase, UsageSnapshot } from '../core/pipeline/runEvents';

/** A writable text stream that may be a terminal. */
export interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const BAR_WIDTH = 24;
/** Redraws at most this often (ms). */
const REDRAW_MS = 100;

/** Folds events into what the progress line shows. */
export class ProgressView {
  private phase: RunPhase | undefined;
  private detail = '';
  private queries = 0;
  private budget = 0;
  private best: number | undefined;
  private usage: UsageSnapshot | undefined;
  private lastDraw = 0;
  private drawn = false;
  private waiting: { readonly message: string; readonly until: number } | undefined;

  constructor(
    private readonly out: TextOut,
    private readonly simulated: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one event; pass this as the run's `onEvent`. */
  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'phase':
        this.phaseChanged(event.phase, event.detail);
        break;
      case 'evaluationFinished':
        this.queries = event.queries;
        this.budget = event.budget;
        break;
      case 'newBest':
        this.best = event.score;
        break;
      case 'usage':
        this.usage = event.usage;
        break;
      case 'warning':
        this.line(`warning: ${event.message}`);
        break;
      case 'waiting':
        this.waiting = { message: event.message, until: this.now() + event.seconds * 1000 };
        this.line(waitingText(event.message));
        break;
      default:
        break;
    }
    this.redraw(false);
  };

  /** Prints a message on its own line, keeping the progress line below it. */
  line(text: string): void {
    this.clear();
    this.out.write(text + '\n');
    this.redraw(true);
  }

  /** Clears the progress line for good (before the final report). */
  close(): void {
    this.clear();
    this.phase = undefined;
  }

  private phaseChanged(phase: RunPhase, detail: string | undefined): void {
    const changed = phase !== this.phase;
    this.phase = phase;
    this.detail = detail ?? '';
    if (changed && this.out.isTTY !== true && phase !== 'finished') this.out.write(`${phase}${detail ? `: ${detail}` : ''}\n`);
  }

  private redraw(force: boolean): void {
    if (this.out.isTTY !== true || this.phase === undefined || this.phase === 'finished') return;
    const t = this.now();
    if (!force && t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.out.write(`\r\x1b[K${this.status()}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  /** The progress line's text (without control characters). */
  status(): string {
    const parts: string[] = [];
    if (this.phase === 'searching' || this.phase === 'reevaluating') {
      const share = this.budget > 0 ? Math.min(1, this.queries / this.budget) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      parts.push(`searching [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${this.queries}/${this.budget} queries`);
    } else {
      parts.push(`${this.phase ?? ''}${this.detail ? `: ${this.detail}` : ''}`);
    }
    if (this.best !== undefined) parts.push(`best ${this.best.toFixed(3)}`);
    if (this.usage !== undefined) parts.push(`${this.usage.requests} calls`, formatCost(this.usage.costUsd, this.simulated));
    if (this.waiting !== undefined && this.now() < this.waiting.until) parts.push(waitingText(this.waiting.message));
    return parts.join(' | ');
  }
}

/** Money for people; simulated runs say so instead of showing $0. */
export function formatCost(costUsd: number | undefined, simulated: boolean): string {
  if (simulated) return 'free (simulated)';
  if (costUsd === undefined) return 'cost unknown';
  return `$${costUsd.toFixed(costUsd < 1 ? 4 : 2)}`;
}

/** `waiting: <why>`, without doubling a message that already says it waits. */
function waitingText(message: string): string {
  return /^waiting\b/i.test(message) ? message : `waiting: ${message}`;
}
