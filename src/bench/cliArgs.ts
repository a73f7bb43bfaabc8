/** Command-line arguments of the benchmark (`npm run -s bench -- ...`). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { METHOD_NAMES } from './methods';

export interface BenchArgs {
  readonly landscapes: string[];
  readonly seeds: number;
  /** First seed: runs use seeds firstSeed..firstSeed + seeds - 1 (default 1). */
  readonly firstSeed: number;
  readonly budget: number;
  readonly noiseless: boolean;
  readonly batch: number;
  readonly methods: string[];
  readonly json: boolean;
  /** Also write the JSON to this file while printing tables. */
  readonly saveJson: string | undefined;
  /** Compare batch 1 with this batch size instead of running one batch size. */
  readonly compareBatch: number | undefined;
  /** Budget of the extended batched run in a comparison. */
  readonly compareBudget: number;
  /**
   * With --batch k (k > 1) or --compare-batch k: compare batch 1 at the budget with batch k run
   * for this many rounds (roundsCompare.ts).
   */
  readonly rounds: number | undefined;
  /** Add diagnostic columns (seen95: the search evaluated a top candidate). */
  readonly diagnose: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run -s bench -- --landscape <file|dir|a,b> [options]

  --landscape <p>      landscape file (zopo-landscape/1), a directory of them, or a comma
                       list; may be repeated. Several landscapes add an average row.
  --seeds <n>          seeds per method (default 20): first-seed .. first-seed + n - 1
  --first-seed <s>     first seed (default 1), e.g. --seeds 50 --first-seed 51 runs 51..100
  --budget <q>         queries per run (default 165)
  --noiseless          observe true accuracies instead of Binomial(valSize, acc)/valSize
  --batch <k>          proposals per round (default 1); tables then show rounds used
  --methods <list>     comma list of ${METHOD_NAMES.join(', ')} (default all)
  --json               print the bench/README.md JSON object on stdout (an array of them
                       for several landscapes), nothing else
  --save-json <file>   also write that JSON to a file (tables still go to stdout)
  --compare-batch <k>  per method: what batch 1 reaches at the budget, and the rounds and
                       queries batch k needs to match it (from a run at the budget, or if
                       not reached there, from a run at --compare-budget)
  --compare-budget <q> budget of that extended batched run (default 2 x budget)
  --rounds <n>         with --batch k (k > 1) or --compare-batch k: per method, batch 1's value
                       at the budget, the rounds and queries batch k needs to reach it within n
                       rounds (or "not in n"), batch k's value after n rounds, and whether the
                       target is met (reached using at most 25% more queries than the budget)
  --diagnose           add the column seen95: share of seeds that evaluated a candidate within
                       95% of the pool best (search found it) next to >=95% (returned it)
`;

/** Bad arguments; the message says which. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses and checks the arguments (without the node and script paths). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      landscape: { type: 'string', multiple: true },
      seeds: { type: 'string' },
      'first-seed': { type: 'string' },
      budget: { type: 'string' },
      noiseless: { type: 'boolean' },
      batch: { type: 'string' },
      methods: { type: 'string' },
      json: { type: 'boolean' },
      'save-json': { type: 'string' },
      'compare-batch': { type: 'string' },
      'compare-budget': { type: 'string' },
      rounds: { type: 'string' },
      diagnose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const budget = positiveInt('budget', values.budget, 165);
  const compareBatch = values['compare-batch'] === undefined ? undefined : positiveInt('compare-batch', values['compare-batch'], 4);
  const args: BenchArgs = {
    landscapes: values.help ? [] : resolveLandscapes(values.landscape ?? []),
    seeds: positiveInt('seeds', values.seeds, 20),
    firstSeed: positiveInt('first-seed', values['first-seed'], 1),
    budget,
    noiseless: values.noiseless === true,
    batch: positiveInt('batch', values.batch, 1),
    methods: parseMethods(values.methods),
    json: values.json === true,
    saveJson: values['save-json'],
    compareBatch,
    compareBudget: positiveInt('compare-budget', values['compare-budget'], 2 * budget),
    rounds: values.rounds === undefined ? undefined : positiveInt('rounds', values.rounds, 1),
    diagnose: values.diagnose === true,
    help: values.help === true,
  };
  if ((args.json || args.saveJson !== undefined) && args.compareBatch !== undefined) {
    throw new UsageError('--json and --save-json cannot be combined with --compare-batch');
  }
  if (args.rounds !== undefined && args.batch < 2 && args.compareBatch === undefined) {
    throw new UsageError('--rounds needs --batch k with k > 1 (or --compare-batch k)');
  }
  if (args.rounds !== undefined && args.compareBatch !== undefined && args.batch > 1 && args.batch !== args.compareBatch) {
    throw new UsageError('--batch and --compare-batch disagree; give one of them with --rounds');
  }
  if (args.rounds !== undefined && (args.json || args.saveJson !== undefined)) {
    throw new UsageError('--json and --save-json cannot be combined with --rounds');
  }
  if (args.compareBudget < budget) throw new UsageError('--compare-budget must be at least --budget');
  return args;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return v;
}

function parseMethods(raw: string | undefined): string[] {
  if (raw === undefined) return [...METHOD_NAMES];
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !METHOD_NAMES.includes(n));
  if (unknown.length) throw new UsageError(`unknown method(s) ${unknown.join(', ')}; known: ${METHOD_NAMES.join(', ')}`);
  if (names.length === 0) throw new UsageError('--methods lists no method');
  return [...new Set(names)];
}

/** Expands comma lists and directories (their *.json files, sorted) into landscape files. */
export function resolveLandscapes(specs: readonly string[]): string[] {
  const files: string[] = [];
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')) {
    let isDir = false;
    try {
      isDir = statSync(spec).isDirectory();
    } catch {
      // A missing file is reported by the loader, with its name.
    }
    if (!isDir) {
      files.push(spec);
      continue;
    }
    const inDir = readdirSync(spec).filter((f) => f.endsWith('.json')).sort();
    if (inDir.length === 0) throw new UsageError(`${spec}: no *.json landscapes in this directory`);
    files.push(...inDir.map((f) => join(spec, f)));
  }
  if (files.length === 0) throw new UsageError('give at least one --landscape');
  return [...new Set(files)];
}
