/**
 * The optimizer benchmark CLI: runs search methods over seeds on `zopo-landscape/1` files and
 * prints tables (or the bench/README.md JSON). See {@link USAGE} or `--help`.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseBenchArgs, USAGE, UsageError, type BenchArgs } from './cliArgs';
import { median, roundsBudget, runMethod, type RunResult } from './harness';
import { LandscapeError, loadLandscape, type Landscape } from './landscape';
import { methodFactory } from './methods';
import { ProgressBar } from './progress';
import { averageSummaries, formatBatchTable, formatTable, type BatchRow } from './report';
import { average, averageMatch, firstMatch, rowsPerMethod, summarise, type MethodSummary } from './summary';
import { averageRoundsRows, formatRoundsTable, meetsTarget, roundsRow, type RoundsRow } from './roundsCompare';

const LEGEND =
  'Columns: mean over seeds of (true accuracy of the method\'s pick / pool best) after q queries; ' +
  'its standard error at the budget; share of seeds at >= 95% of the pool best at the budget; ' +
  'median over seeds of the median ms per ask() and tell(); mean optimizer ms per run (set-up, asks, tells).';

/** Where the CLI writes; tests pass their own. */
export interface BenchIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where the progress bar goes (drawn only on a terminal); undefined for none. */
  readonly progress: NodeJS.WriteStream | undefined;
}

const PROCESS_IO: BenchIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: process.stderr,
};

/** Runs seeds firstSeed.. firstSeed + n - 1 of one method on a landscape. */
function runSeeds(land: Landscape, method: string, budget: number, batch: number, args: BenchArgs, bar: ProgressBar, maxRounds?: number): RunResult[] {
  const factory = methodFactory(method);
  const runs: RunResult[] = [];
  for (let seed = args.firstSeed; seed < args.firstSeed + args.seeds; seed++) {
    bar.setLabel(`${land.name} ${method} b${batch} seed ${seed - args.firstSeed + 1}/${args.seeds}`);
    let last = 0;
    const onRound = (q: number): void => {
      bar.advance(q - last);
      last = q;
    };
    const runBudget = maxRounds === undefined ? budget : roundsBudget(land, factory, seed, batch, maxRounds);
    runs.push(runMethod(land, factory, { seed, budget: runBudget, batch, noiseless: args.noiseless, onRound, maxRounds }));
    bar.advance(budget - last);
  }
  return runs;
}

function title(land: Landscape, args: BenchArgs, batch: number): string {
  const noise = args.noiseless || land.valSize === 0 ? 'noiseless' : `noisy (valSize ${land.valSize})`;
  const batchText = batch > 1 ? `, batch ${batch}` : '';
  return (
    `${land.name} [${basename(land.source)}]: ${land.pool.n} candidates x ${land.pool.dim}, best ${land.poolMax}, ` +
    `${noise}, budget ${args.budget}, ${seedsText(args)}${batchText}`
  );
}

/** "50 seeds", or "50 seeds (51..100)" when they do not start at 1. */
function seedsText(args: BenchArgs): string {
  return args.firstSeed === 1 ? `${args.seeds} seeds` : `${args.seeds} seeds (${args.firstSeed}..${args.firstSeed + args.seeds - 1})`;
}

function jsonObject(land: Landscape, budget: number, byMethod: ReadonlyMap<string, RunResult[]>): object {
  const methods: Record<string, { traces: number[][]; askMs: number[] }> = {};
  for (const [name, runs] of byMethod) {
    methods[name] = { traces: runs.map((r) => r.trace), askMs: runs.map((r) => Number(median(r.askMs).toFixed(4))) };
  }
  return { landscape: land.name, poolMax: land.poolMax, budget, methods };
}

/** The standard run: every method on every landscape, as tables or JSON. */
function runStandard(args: BenchArgs, lands: readonly Landscape[], io: BenchIo): string {
  const bar = new ProgressBar(lands.length * args.methods.length * args.seeds * args.budget, io.progress);
  const objects: object[] = [];
  const tables: string[] = [];
  const summaries: MethodSummary[][] = [];
  for (const land of lands) {
    const byMethod = new Map<string, RunResult[]>();
    for (const m of args.methods) byMethod.set(m, runSeeds(land, m, args.budget, args.batch, args, bar));
    objects.push(jsonObject(land, args.budget, byMethod));
    const rows = [...byMethod.values()].map((runs) => summarise(runs, land.poolMax, args.budget));
    summaries.push(rows);
    tables.push(formatTable({ title: title(land, args, args.batch), budget: args.budget, showRounds: args.batch > 1, showSeen: args.diagnose }, rows));
  }
  bar.finish();
  const json = JSON.stringify(objects.length === 1 ? objects[0] : objects);
  if (args.saveJson !== undefined) writeFileSync(args.saveJson, `${json}\n`);
  if (args.json) return json;
  if (lands.length > 1) {
    const avgTitle = `Average over ${lands.length} landscapes (${args.noiseless ? 'noiseless' : 'noisy'}, budget ${args.budget}, ${seedsText(args)}${args.batch > 1 ? `, batch ${args.batch}` : ''})`;
    tables.push(formatTable({ title: avgTitle, budget: args.budget, showRounds: args.batch > 1, showSeen: args.diagnose }, averageSummaries(summaries)));
  }
  return [LEGEND, ...tables].join('\n\n');
}

function compareOne(land: Landscape, method: string, k: number, args: BenchArgs, bar: ProgressBar): BatchRow {
  const b1 = runSeeds(land, method, args.budget, 1, args, bar);
  const bk = runSeeds(land, method, args.budget, k, args, bar);
  const target = average(b1.map((r) => (r.trace[args.budget - 1] as number) / land.poolMax));
  const row = {
    method,
    target,
    rounds1: average(b1.map((r) => r.roundEnds.length)),
    ratioK: average(bk.map((r) => (r.trace[args.budget - 1] as number) / land.poolMax)),
    roundsK: average(bk.map((r) => r.roundEnds.length)),
  };
  const match = firstMatch(bk, land.poolMax, target);
  if (match || args.compareBudget === args.budget) return { ...row, match: match && { ...match, extended: false } };
  const ext = runSeeds(land, method, args.compareBudget, k, args, bar);
  const late = firstMatch(ext, land.poolMax, target);
  return { ...row, match: late && { ...late, extended: true } };
}

function averageBatchRows(perLandscape: readonly BatchRow[][]): BatchRow[] {
  return rowsPerMethod(perLandscape).map(({ method, rows }) => {
    const match = averageMatch(rows.map((r) => r.match));
    return {
      method,
      target: average(rows.map((r) => r.target)),
      rounds1: average(rows.map((r) => r.rounds1)),
      ratioK: average(rows.map((r) => r.ratioK)),
      roundsK: average(rows.map((r) => r.roundsK)),
      match: match && { ...match, extended: rows.some((r) => r.match?.extended === true) },
    };
  });
}

/** The batch comparison: batch 1 against batch k, per method and landscape. */
function runComparison(args: BenchArgs, lands: readonly Landscape[], k: number, io: BenchIo): string {
  const bar = new ProgressBar(lands.length * args.methods.length * args.seeds * 2 * args.budget, io.progress);
  const tables: string[] = [];
  const all: BatchRow[][] = [];
  for (const land of lands) {
    const rows = args.methods.map((m) => compareOne(land, m, k, args, bar));
    all.push(rows);
    tables.push(formatBatchTable(title(land, args, 1), k, args.budget, args.compareBudget, rows));
  }
  bar.finish();
  if (lands.length > 1) {
    const rows = averageBatchRows(all);
    tables.push(formatBatchTable(`Average over ${lands.length} landscapes`, k, args.budget, args.compareBudget, rows));
  }
  const legend =
    `Batch comparison: b1@${args.budget} is the mean ratio (pick / pool best) of batch 1 at the budget; ` +
    `"rounds to match" is the first round at which batch ${k}'s mean ratio over seeds reaches it, ` +
    'and "queries then" the mean queries spent by that round.';
  return [legend, ...tables].join('\n\n');
}

/** The fixed-rounds comparison: batch 1 at the budget against batch k for n rounds. */
function runRoundsComparison(args: BenchArgs, lands: readonly Landscape[], k: number, rounds: number, io: BenchIo): string {
  const bar = new ProgressBar(lands.length * args.methods.length * args.seeds * (args.budget + rounds * k), io.progress);
  const tables: string[] = [];
  const all: RoundsRow[][] = [];
  for (const land of lands) {
    const rows = args.methods.map((m) =>
      roundsRow(m, land.poolMax, args.budget, runSeeds(land, m, args.budget, 1, args, bar), runSeeds(land, m, rounds * k, k, args, bar, rounds)),
    );
    all.push(rows);
    tables.push(formatRoundsTable(title(land, args, 1), k, rounds, args.budget, rows));
  }
  bar.finish();
  if (lands.length > 1) {
    const met = new Map(args.methods.map((m) => [m, `${all.filter((rows) => rows.some((r) => r.method === m && meetsTarget(r, args.budget))).length}/${lands.length}`]));
    tables.push(formatRoundsTable(`Average over ${lands.length} landscapes (target: landscapes met)`, k, rounds, args.budget, averageRoundsRows(all), met));
  }
  const legend =
    `Batch ${k} for ${rounds} rounds against batch 1: b1@${args.budget} is batch 1's mean ratio (pick / pool best) at the budget; ` +
    `"rounds to reach" is the first round at which batch ${k}'s mean ratio over seeds reaches it ("not in ${rounds}": never within ` +
    `${rounds} rounds), "queries then" the mean queries spent by that round and "vs ${args.budget}" their excess over the budget; ` +
    `"after ${rounds}r" is batch ${k}'s mean ratio after ${rounds} rounds. Target: reached within ${rounds} rounds using at most ` +
    `25% more queries than ${args.budget}.`;
  return [legend, ...tables].join('\n\n');
}

/** Runs the CLI; returns the exit code (2 for bad arguments, 1 for unusable landscapes). */
export function main(argv: readonly string[], io: BenchIo = PROCESS_IO): number {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    const lands = args.landscapes.map((f) => loadLandscape(f));
    const k = args.compareBatch;
    const out =
      args.rounds !== undefined
        ? runRoundsComparison(args, lands, k ?? args.batch, args.rounds, io)
        : k !== undefined
          ? runComparison(args, lands, k, io)
          : runStandard(args, lands, io);
    io.stdout(`${out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof LandscapeError || err instanceof UsageError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
