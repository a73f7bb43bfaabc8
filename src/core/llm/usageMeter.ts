/** Live usage counters of one client, reported to a listener after every change. */
import type { UsageCounters } from './llmTypes';

/** All-zero counters. */
export function zeroUsage(): UsageCounters {
  return { requests: 0, promptTokens: 0, completionTokens: 0, failures: 0, retries: 0, cacheHits: 0, cancelled: 0 };
}

/** One chat model's part of the usage: requests sent (retries included) and tokens. */
export interface ModelUsage {
  readonly model: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Gets the counters and each chat model's part after every change (both fresh copies). */
export type UsageListener = (usage: Readonly<UsageCounters>, models: readonly ModelUsage[]) => void;

/** Counts and notifies; the listener gets a fresh snapshot each time. */
export class UsageMeter {
  private readonly counters = zeroUsage();
  private readonly models = new Map<string, ModelUsage>();
  private readonly listener: UsageListener | undefined;

  constructor(listener?: UsageListener) {
    this.listener = listener;
  }

  /** A copy of the counters now. */
  snapshot(): UsageCounters {
    return { ...this.counters };
  }

  /** Chat usage per model, so each model is priced at its own price. */
  byModel(): ModelUsage[] {
    return [...this.models.values()];
  }

  /**
   * Adds to one model's counters (no notice: the totals' {@link add} that follows sends it,
   * so a request is in its model's count in the same notice that counts it in the totals).
   */
  addModel(model: string, requests: number, promptTokens: number, completionTokens: number): void {
    const seen = this.models.get(model) ?? { model, requests: 0, promptTokens: 0, completionTokens: 0 };
    this.models.set(model, { model, requests: seen.requests + requests, promptTokens: seen.promptTokens + promptTokens, completionTokens: seen.completionTokens + completionTokens });
  }

  /** Adds to some counters and notifies once. */
  add(delta: Partial<UsageCounters>): void {
    for (const [key, value] of Object.entries(delta) as [keyof UsageCounters, number][]) {
      this.counters[key] += value;
    }
    this.listener?.(this.snapshot(), this.byModel());
  }
}
