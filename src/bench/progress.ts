/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */

const WIDTH = 30;
const MIN_INTERVAL_MS = 100;

/** Tracks queries done out of a known total and redraws at most ten times a second. */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private label = '';
  private readonly enabled: boolean;

  /** Draws on `stream` if it is a terminal; `undefined` draws nothing. */
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream | undefined,
  ) {
    this.enabled = stream?.isTTY === true && total > 0;
  }

  /** Sets the text shown after the bar (landscape, method, seed). */
  setLabel(label: string): void {
    this.label = label;
    this.draw(true);
  }

  /** Adds finished queries. */
  advance(queries: number): void {
    this.done += queries;
    this.draw(false);
  }

  /** Clears the line. */
  finish(): void {
    if (this.enabled) this.stream?.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    if (!this.enabled || !this.stream) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < MIN_INTERVAL_MS) return;
    this.lastDraw = now;
    const share = Math.min(1, this.done / this.total);
    const filled = Math.round(share * WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
    const columns = this.stream.columns || 80;
    const line = `[${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${this.label}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  }
}
