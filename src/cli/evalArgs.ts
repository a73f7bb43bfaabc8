/**
 * Flags of `zopo eval`. The prompt, data, model, metric and limit flags are `zopo optimize`'s
 * own, parsed by the same code (optimizeArgs.ts), so they mean the same in both; the flags
 * of the search are refused; the flags of eval itself are taken out first.
 */
import { decimal, integer, oneOf, parseOptimizeArgs, UsageError, type OptimizeArgs } from './optimizeArgs';

/** What `zopo eval` was asked to do. */
export interface EvalArgs {
  readonly help: boolean;
  /** The shared flags, as optimize reads them (its search flags are never set). */
  readonly run: OptimizeArgs;
  readonly split: 'all' | 'test';
  readonly limit: number | undefined;
  readonly minScore: number | undefined;
  /** A run directory or a saved `zopo eval --json` result. */
  readonly baseline: string | undefined;
  /** Also write the JSON result to this file (a later run's --baseline). */
  readonly save: string | undefined;
  /** Answer every example again instead of reading the cache. */
  readonly noCache: boolean;
}

const OWN_FLAGS = { split: 'value', limit: 'value', 'min-score': 'value', baseline: 'value', save: 'value', 'no-cache': 'switch' } as const;
type OwnFlag = keyof typeof OWN_FLAGS;

/** Flags of the search that mean nothing for one prompt. */
const OPTIMIZE_ONLY = ['test-data', 'embedding-model', 'local-embeddings', 'budget', 'val-size', 'candidates', 'method', 'generator-model', 'out', 'resume', 'write', 'force-write', 'batch', 'batch-size', 'batch-poll'];

/** Parses the arguments after `eval`. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const own = new Map<OwnFlag, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const name = token.startsWith('--') ? token.slice(2).split('=')[0] ?? '' : '';
    if (OPTIMIZE_ONLY.includes(name)) throw new UsageError(`--${name} is a flag of "zopo optimize"; "zopo eval" scores one prompt as it is`);
    if (!(name in OWN_FLAGS)) {
      rest.push(token);
      continue;
    }
    const flag = name as OwnFlag;
    const eq = token.indexOf('=');
    if (OWN_FLAGS[flag] === 'switch') {
      if (eq >= 0) throw new UsageError(`--${flag} takes no value`);
      own.set(flag, 'true');
      continue;
    }
    const value = eq >= 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${flag} needs a value`);
    own.set(flag, value);
  }
  const help = rest.includes('--help') || rest.includes('-h');
  const run = parseOptimizeArgs(help ? ['--help'] : rest);
  const minScore = decimal('--min-score', own.get('min-score'));
  if (minScore !== undefined && minScore > 1) throw new UsageError(`--min-score ${minScore}: scores are between 0 and 1`);
  const args: EvalArgs = {
    help,
    run,
    split: oneOf('--split', own.get('split') ?? 'all', ['all', 'test'] as const),
    limit: integer('--limit', own.get('limit'), 1),
    minScore,
    baseline: own.get('baseline'),
    save: own.get('save'),
    noCache: own.has('no-cache'),
  };
  if (!help && args.noCache && run.cacheDir !== undefined) throw new UsageError('use either --cache-dir or --no-cache');
  return args;
}
