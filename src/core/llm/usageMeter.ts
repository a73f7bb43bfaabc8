/** Live usage counters of one client, reported to a listener after every change. */
import type { UsageCounters } from './llmTypes';

/** All-zero counters. */
export function zeroUsage(): UsageCounters {
  return { requests: 0, promptTokens: 0, completionTokens: 0, failures: 0, retries: 0, cacheHits: 0, cancelled: 0 };
}

/** Counts and notifies; the listener gets a fresh snapshot each time. */
export class UsageMeter {
  private readonly counters = zeroUsage();
  private readonly listener: ((usage: Readonly<UsageCounters>) => void) | undefined;

  constructor(listener?: (usage: Readonly<UsageCounters>) => void) {
    this.listener = listener;
  }

  /** A copy of the counters now. */
  snapshot(): UsageCounters {
    return { ...this.counters };
  }

  /** Adds to some counters and notifies once. */
  add(delta: Partial<UsageCounters>): void {
    for (const [key, value] of Object.entries(delta) as [keyof UsageCounters, number][]) {
      this.counters[key] += value;
    }
    this.listener?.(this.snapshot());
  }
}
