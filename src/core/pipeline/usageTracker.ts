/**
 * Live usage of a run: the LLM client's counters on top of what earlier sessions of the
 * same run spent (a resumed run keeps counting), priced as it goes, checked against the
 * limits on calls, tokens and money, and reported as `usage` events at most every
 * `intervalMs` so a fast run does not flood its listeners.
 */
import type { BudgetLimits } from '../cost/budget';
import type { UsageCounters } from '../llm/llmTypes';
import type { PricedUsage } from './modelUsage';
import type { ModelUsageSnapshot, UsageSnapshot } from './runEvents';

/** All-zero usage. */
export const ZERO_USAGE: UsageSnapshot = { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 0, failures: 0 };

/** Prices tokens; undefined when the model's price is unknown. */
export type TokenPricer = (promptTokens: number, completionTokens: number) => number | undefined;

/** Sums usage across sessions and watches the limits; see the module comment. */
export class UsageTracker {
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: () => Readonly<UsageCounters>,
    private readonly base: UsageSnapshot,
    private readonly price: TokenPricer,
    private readonly limits: BudgetLimits,
    private readonly emit: (usage: UsageSnapshot) => void,
    /** Live usage priced per model (modelUsage.ts); without it, `price` prices the live totals. */
    private readonly perModel?: (live: Readonly<UsageCounters>) => PricedUsage,
  ) {}

  /** Usage so far, all sessions of the run. */
  snapshot(): UsageSnapshot {
    const live = this.read();
    const priced = this.perModel?.(live);
    const liveCost = priced === undefined ? this.price(live.promptTokens, live.completionTokens) : priced.costUsd;
    const models = mergeModels(this.base.models ?? [], priced?.models ?? []);
    return {
      ...(models.length === 0 ? {} : { models }),
      requests: this.base.requests + live.requests,
      promptTokens: this.base.promptTokens + live.promptTokens,
      completionTokens: this.base.completionTokens + live.completionTokens,
      costUsd: this.base.costUsd === undefined || liveCost === undefined ? undefined : this.base.costUsd + liveCost,
      cacheHits: this.base.cacheHits + live.cacheHits,
      failures: this.base.failures + live.failures,
    };
  }

  /** A sentence naming the first live limit reached, or undefined. Queries are the optimizer's. */
  exceeded(): string | undefined {
    const u = this.snapshot();
    const { maxCalls, maxTokens, maxUsd } = this.limits;
    if (maxCalls !== undefined && u.requests >= maxCalls) return `the limit of ${maxCalls} LLM calls is reached`;
    if (maxTokens !== undefined && u.promptTokens + u.completionTokens >= maxTokens) return `the limit of ${maxTokens} tokens is reached`;
    if (maxUsd !== undefined && u.costUsd !== undefined && u.costUsd >= maxUsd) return `the money limit of $${maxUsd} is reached`;
    return undefined;
  }

  /** Emits a usage event when anything changed since the last one. */
  poll(): void {
    const usage = this.snapshot();
    const key = JSON.stringify(usage);
    if (key === this.last) return;
    this.last = key;
    this.emit(usage);
  }

  /** Polls every `intervalMs` until {@link stop}. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Earlier sessions' usage per model plus this session's, model by model (money unknown if either is). */
function mergeModels(base: readonly ModelUsageSnapshot[], live: readonly ModelUsageSnapshot[]): ModelUsageSnapshot[] {
  if (base.length === 0) return [...live];
  const merged = new Map<string, ModelUsageSnapshot>(base.map((m) => [m.model, m]));
  for (const m of live) {
    const seen = merged.get(m.model);
    if (seen === undefined) {
      merged.set(m.model, m);
      continue;
    }
    const costUsd = seen.costUsd === undefined || m.costUsd === undefined ? undefined : seen.costUsd + m.costUsd;
    merged.set(m.model, { model: m.model, requests: seen.requests + m.requests, promptTokens: seen.promptTokens + m.promptTokens, completionTokens: seen.completionTokens + m.completionTokens, costUsd });
  }
  return [...merged.values()];
}
