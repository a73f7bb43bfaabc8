/**
 * The fixed-rounds batch comparison (`--batch k --rounds n`): batch 1 runs at the budget, batch k
 * runs n rounds (n x k queries); per method it reports batch 1's value at the budget, the round
 * and queries at which batch k's mean curve first reaches it, and batch k's value after n rounds.
 * The target (issue 11): reached within n rounds using at most 25% more queries than the budget.
 */
import type { RunResult } from './harness';
import { average, averageMatch, firstMatch, rowsPerMethod, type MatchPoint } from './summary';

/** Extra queries (over the budget) that batch k may spend and still meet the target. */
export const EXTRA_QUERY_ALLOWANCE = 0.25;

/** One method's fixed-rounds comparison on one landscape (or their average). */
export interface RoundsRow {
  readonly method: string;
  /** Mean ratio (pick / pool best) of batch 1 at the budget. */
  readonly target: number;
  /** Mean ratio of batch k after the last round, and the mean queries it spent. */
  readonly ratioK: number;
  readonly queriesK: number;
  /** Where batch k's mean curve first reached the target, within the rounds; undefined if never. */
  readonly match: MatchPoint | undefined;
}

/** Builds the row from batch 1's runs (at `budget`) and batch k's runs (n rounds each). */
export function roundsRow(method: string, poolMax: number, budget: number, b1: readonly RunResult[], bk: readonly RunResult[]): RoundsRow {
  return {
    method,
    target: average(b1.map((r) => (r.trace[budget - 1] as number) / poolMax)),
    ratioK: average(bk.map((r) => (r.trace[r.trace.length - 1] as number) / poolMax)),
    queriesK: average(bk.map((r) => r.queries)),
    match: firstMatch(bk, poolMax, average(b1.map((r) => (r.trace[budget - 1] as number) / poolMax))),
  };
}

/** Whether the row meets the target: reached, with at most the allowance of extra queries. */
export function meetsTarget(row: RoundsRow, budget: number): boolean {
  return row.match !== undefined && row.match.queries <= budget * (1 + EXTRA_QUERY_ALLOWANCE) + 1e-9;
}

/**
 * Averages rows over landscapes; the average's match is the per-landscape matches' mean, and only
 * if every landscape reached its target (otherwise undefined, shown as not reached).
 */
export function averageRoundsRows(perLandscape: readonly (readonly RoundsRow[])[]): RoundsRow[] {
  return rowsPerMethod(perLandscape).map(({ method, rows }) => ({
    method,
    target: average(rows.map((r) => r.target)),
    ratioK: average(rows.map((r) => r.ratioK)),
    queriesK: average(rows.map((r) => r.queriesK)),
    match: averageMatch(rows.map((r) => r.match)),
  }));
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/** The table: one line per method; `averaged` rows count met landscapes instead of yes/no. */
export function formatRoundsTable(
  title: string,
  k: number,
  rounds: number,
  budget: number,
  rows: readonly RoundsRow[],
  metCounts?: ReadonlyMap<string, string>,
): string {
  const cols: [string, number][] = [
    ['method', -12],
    [`b1@${budget}`, 9],
    [`b${k} rounds to reach`, 20],
    ['queries then', 13],
    [`vs ${budget}`, 8],
    [`b${k} after ${rounds}r`, 15],
    ['queries', 8],
    ['target', 8],
  ];
  const pad = (text: string, w: number): string => (w < 0 ? text.padEnd(-w) : text.padStart(w));
  const head = cols.map(([t, w]) => pad(t, w)).join('');
  const lines = rows.map((r) => {
    const m = r.match;
    const extra = m ? `${m.queries >= budget ? '+' : ''}${fixed((100 * (m.queries - budget)) / budget, 0)}%` : '';
    const met = metCounts?.get(r.method) ?? (meetsTarget(r, budget) ? 'met' : 'missed');
    const cells = [
      r.method,
      fixed(r.target, 3),
      m ? fixed(m.rounds, Number.isInteger(m.rounds) ? 0 : 1) : `not in ${rounds}`,
      m ? fixed(m.queries, 1) : '-',
      extra || '-',
      fixed(r.ratioK, 3),
      fixed(r.queriesK, 1),
      met,
    ];
    return cells.map((c, i) => pad(c, (cols[i] as [string, number])[1])).join('');
  });
  return [title, head, ...lines].join('\n');
}
