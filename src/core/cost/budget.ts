/**
 * Budget limits for a run and the check that says which of them an estimate (or the
 * spend so far) would exceed. A money limit cannot be checked when the cost is unknown;
 * that is reported separately rather than silently passing.
 */

/** Optional ceilings; an absent limit is not enforced. */
export interface BudgetLimits {
  readonly maxQueries?: number;
  readonly maxCalls?: number;
  readonly maxTokens?: number;
  readonly maxUsd?: number;
}

/** What is planned or spent, in the units of the limits. */
export interface Spend {
  readonly queries: number;
  readonly calls: number;
  readonly tokens: number;
  readonly costUsd: number | undefined;
}

/** Which limit. */
export type BudgetLimitName = 'queries' | 'calls' | 'tokens' | 'usd';

/** One exceeded limit: its ceiling and the amount that goes past it. */
export interface BudgetExcess {
  readonly limit: BudgetLimitName;
  readonly max: number;
  readonly amount: number;
}

/** The verdict: `ok` only when nothing is exceeded and nothing limited is unknown. */
export interface BudgetCheck {
  readonly ok: boolean;
  readonly exceeded: readonly BudgetExcess[];
  /** Limits that could not be checked (the money limit when the cost is unknown). */
  readonly unchecked: readonly BudgetLimitName[];
}

/** Compares a spend with the limits. */
export function checkBudget(spend: Spend, limits: BudgetLimits): BudgetCheck {
  const exceeded: BudgetExcess[] = [];
  const unchecked: BudgetLimitName[] = [];
  const compare = (limit: BudgetLimitName, max: number | undefined, amount: number): void => {
    if (max !== undefined && amount > max) exceeded.push({ limit, max, amount });
  };
  compare('queries', limits.maxQueries, spend.queries);
  compare('calls', limits.maxCalls, spend.calls);
  compare('tokens', limits.maxTokens, spend.tokens);
  if (limits.maxUsd !== undefined) {
    if (spend.costUsd === undefined) unchecked.push('usd');
    else compare('usd', limits.maxUsd, spend.costUsd);
  }
  return { ok: exceeded.length === 0 && unchecked.length === 0, exceeded, unchecked };
}

/** One line per problem, for a confirmation dialog or the CLI. */
export function describeBudgetCheck(check: BudgetCheck): string[] {
  const lines = check.exceeded.map((e) =>
    e.limit === 'usd'
      ? `estimated cost $${e.amount.toFixed(4)} exceeds the limit of $${e.max}`
      : `estimated ${e.limit} ${e.amount} exceed the limit of ${e.max}`,
  );
  if (check.unchecked.includes('usd')) lines.push('the money limit cannot be checked: the cost is unknown');
  return lines;
}
