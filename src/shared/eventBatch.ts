/**
 * Events on their way to the panel: queued and sent together at most once per `batchMs`, so a
 * fast run costs the webview one message per interval instead of one per evaluation.
 */
export class EventBatch<E> {
  private pending: E[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (events: E[]) => void,
    private readonly batchMs: number,
  ) {}

  /** Queues an event; the queue goes out `batchMs` after the first event queued. */
  push(event: E): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Sends what is queued now (nothing if the queue is empty). */
  flush(): void {
    this.cancelTimer();
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send(events);
  }

  /** Drops what is queued, unsent. */
  clear(): void {
    this.cancelTimer();
    this.pending = [];
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
