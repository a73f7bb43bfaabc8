/** Plain-text tables of benchmark summaries, for people (the JSON output is for programs). */
import { average, checkpoints, rowsPerMethod, type MatchPoint, type MethodSummary } from './summary';

/** What a table says about the landscape and the run. */
export interface TableContext {
  readonly title: string;
  readonly budget: number;
  readonly showRounds: boolean;
  /** Add the `seen95` diagnostic column (summary.ts `seenShare`). */
  readonly showSeen?: boolean;
}

const NAME_WIDTH = 12;

function cell(text: string, width: number): string {
  return text.padStart(width);
}

function num(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/** One table: a row per method with the checkpoint ratios, hit share, timings and rounds. */
export function formatTable(ctx: TableContext, rows: readonly MethodSummary[]): string {
  const head = [
    'method'.padEnd(NAME_WIDTH),
    ...checkpoints(ctx.budget).map((q) => cell(`@${q}`, 7)),
    cell('±se', 7),
    cell('>=95%', 7),
    ...(ctx.showSeen === true ? [cell('seen95', 7)] : []),
    cell('ms/ask', 8),
    cell('ms/tell', 8),
    cell('ms/run', 8),
    ...(ctx.showRounds ? [cell('rounds', 7)] : []),
  ].join('');
  const lines = rows.map((s) =>
    [
      s.method.padEnd(NAME_WIDTH),
      ...s.ratioAt.map((v) => cell(num(v), 7)),
      cell(num(s.ratioSe), 7),
      cell(`${Math.round(100 * s.hitShare)}%`, 7),
      ...(ctx.showSeen === true ? [cell(`${Math.round(100 * s.seenShare)}%`, 7)] : []),
      cell(num(s.askMs, 2), 8),
      cell(num(s.tellMs, 2), 8),
      cell(num(s.runMs, 0), 8),
      ...(ctx.showRounds ? [cell(num(s.rounds, 1), 7)] : []),
    ].join(''),
  );
  return [ctx.title, head, ...lines].join('\n');
}

/**
 * Averages each method's summaries over landscapes (ratios, hit shares, timings, rounds); the
 * standard error combines the landscapes' as for a mean of independent estimates.
 */
export function averageSummaries(perLandscape: readonly (readonly MethodSummary[])[]): MethodSummary[] {
  return rowsPerMethod(perLandscape).map(({ method, rows }) => {
    const k = rows[0]?.ratioAt.length ?? 0;
    return {
      method,
      ratioAt: Array.from({ length: k }, (_, i) => average(rows.map((r) => r.ratioAt[i] as number))),
      ratioSe: Math.sqrt(rows.reduce((a, r) => a + r.ratioSe ** 2, 0)) / Math.max(1, rows.length),
      hitShare: average(rows.map((r) => r.hitShare)),
      askMs: average(rows.map((r) => r.askMs)),
      tellMs: average(rows.map((r) => r.tellMs)),
      runMs: average(rows.map((r) => r.runMs)),
      rounds: average(rows.map((r) => r.rounds)),
      seenShare: average(rows.map((r) => r.seenShare)),
    };
  });
}

/** One method's batch comparison on one landscape. */
export interface BatchRow {
  readonly method: string;
  /** Mean ratio of batch 1 at the budget: the target. */
  readonly target: number;
  readonly rounds1: number;
  /** Mean ratio of batch k at the budget, and its rounds. */
  readonly ratioK: number;
  readonly roundsK: number;
  /** Where batch k's mean curve first matched the target; `extended` if only in the longer run. */
  readonly match: (MatchPoint & { readonly extended: boolean }) | undefined;
}

/** The batch comparison table; `extendedBudget` is the longer run's budget. */
export function formatBatchTable(title: string, k: number, budget: number, extendedBudget: number, rows: readonly BatchRow[]): string {
  const head = [
    'method'.padEnd(NAME_WIDTH),
    cell(`b1@${budget}`, 9),
    cell('b1 rounds', 10),
    cell(`b${k}@${budget}`, 9),
    cell(`b${k} rounds`, 10),
    cell('rounds to match', 16),
    cell('queries then', 13),
  ].join('');
  const lines = rows.map((r) => {
    const star = r.match?.extended ? '*' : '';
    return [
      r.method.padEnd(NAME_WIDTH),
      cell(num(r.target), 9),
      cell(num(r.rounds1, 1), 10),
      cell(num(r.ratioK), 9),
      cell(num(r.roundsK, 1), 10),
      cell(r.match ? `${r.match.rounds}${star}` : `>${Math.ceil(extendedBudget / k)}`, 16),
      cell(r.match ? `${num(r.match.queries, 1)}${star}` : 'not matched', 13),
    ].join('');
  });
  const note = `* matched only in the run with budget ${extendedBudget}`;
  return [title, head, ...lines, ...(rows.some((r) => r.match?.extended) ? [note] : [])].join('\n');
}
