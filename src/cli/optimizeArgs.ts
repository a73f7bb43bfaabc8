/** Flags of `zopo optimize`, parsed and checked; any problem is a {@link UsageError} (exit 2). */
import { parseArgs } from 'node:util';
import type { MetricSpec } from '../core/eval/metrics';
import { withJudgeFlags } from './judgeFlags';

/** Bad flags or flag values; the message says which. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `zopo optimize` was asked to do. */
export interface OptimizeArgs {
  readonly help: boolean;
  readonly prompt: string | undefined;
  readonly data: string | undefined;
  readonly testData: string | undefined;
  readonly inputFields: readonly string[] | undefined;
  readonly outputField: string | undefined;
  readonly provider: 'openai' | 'sandbox';
  readonly baseUrl: string | undefined;
  readonly model: string | undefined;
  /** The model that writes the candidate prompts (default: the chat model). */
  readonly generatorModel: string | undefined;
  readonly embeddingModel: string | undefined;
  readonly localEmbeddings: boolean;
  readonly metric: MetricSpec | undefined;
  /** Seconds one request attempt may take (LlmClientOptions.timeoutMs). */
  readonly requestTimeout: number | undefined;
  readonly budget: number | undefined;
  readonly valSize: number | undefined;
  readonly candidates: number | undefined;
  readonly concurrency: number | undefined;
  readonly seed: number | undefined;
  readonly method: 'zopo' | 'paper' | undefined;
  readonly maxCost: number | undefined;
  readonly maxCalls: number | undefined;
  readonly maxTokens: number | undefined;
  readonly prices: string | undefined;
  readonly yes: boolean;
  readonly out: string | undefined;
  readonly cacheDir: string | undefined;
  /** Neither read nor write the shared cache: the run keeps a cache of its own (for --resume). */
  readonly noCache: boolean;
  readonly resume: string | undefined;
  readonly write: boolean;
  /** With --write: write the best prompt even when the held-out test does not say it is better. */
  readonly forceWrite: boolean;
  readonly json: boolean;
  /** Evaluate through the provider's Batch API. */
  readonly batch: boolean;
  /** With --batch: queries per round (one batch each). */
  readonly batchSize: number | undefined;
  /** With --batch: the longest wait between two checks of a batch, in seconds. */
  readonly batchPoll: number | undefined;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  prompt: { type: 'string' },
  data: { type: 'string' },
  'test-data': { type: 'string' },
  'input-field': { type: 'string', multiple: true },
  'output-field': { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'generator-model': { type: 'string' },
  'embedding-model': { type: 'string' },
  'local-embeddings': { type: 'boolean' },
  'request-timeout': { type: 'string' },
  metric: { type: 'string' },
  rubric: { type: 'string' },
  'judge-model': { type: 'string' },
  'scorer-timeout': { type: 'string' },
  budget: { type: 'string' },
  'val-size': { type: 'string' },
  candidates: { type: 'string' },
  concurrency: { type: 'string' },
  seed: { type: 'string' },
  method: { type: 'string' },
  'max-cost': { type: 'string' },
  'max-calls': { type: 'string' },
  'max-tokens': { type: 'string' },
  prices: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  out: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  resume: { type: 'string' },
  write: { type: 'boolean' },
  'force-write': { type: 'boolean' },
  json: { type: 'boolean' },
  batch: { type: 'boolean' },
  'batch-size': { type: 'string' },
  'batch-poll': { type: 'string' },
} as const;

/** Flags that describe a new run; with --resume the stored config is used instead. */
const RUN_FLAGS = ['no-cache', 'prompt', 'data', 'test-data', 'input-field', 'output-field', 'provider', 'base-url', 'model', 'generator-model', 'embedding-model', 'local-embeddings', 'metric', 'rubric', 'judge-model', 'scorer-timeout', 'budget', 'val-size', 'candidates', 'concurrency', 'seed', 'method', 'out', 'batch', 'batch-size', 'batch-poll'] as const;

/** Parses the arguments after `optimize`. */
export function parseOptimizeArgs(argv: readonly string[]): OptimizeArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = values;
  const args: OptimizeArgs = {
    help: v.help === true,
    prompt: v.prompt,
    data: v.data,
    testData: v['test-data'],
    inputFields: v['input-field'],
    outputField: v['output-field'],
    provider: oneOf('--provider', v.provider ?? 'openai', ['openai', 'sandbox'] as const),
    baseUrl: v['base-url'],
    model: v.model,
    generatorModel: nonEmpty('--generator-model', v['generator-model']),
    embeddingModel: v['embedding-model'],
    localEmbeddings: v['local-embeddings'] === true,
    requestTimeout: positiveSeconds('--request-timeout', v['request-timeout']),
    metric: withJudgeFlags(withScorerTimeout(v.metric === undefined ? undefined : parseMetric(v.metric), v['scorer-timeout']), v.rubric, v['judge-model']),
    budget: integer('--budget', v.budget, 1),
    valSize: integer('--val-size', v['val-size'], 1),
    candidates: integer('--candidates', v.candidates, 0),
    concurrency: integer('--concurrency', v.concurrency, 1),
    seed: integer('--seed', v.seed, 0),
    method: v.method === undefined ? undefined : oneOf('--method', v.method, ['zopo', 'paper'] as const),
    maxCost: decimal('--max-cost', v['max-cost']),
    maxCalls: integer('--max-calls', v['max-calls'], 1),
    maxTokens: integer('--max-tokens', v['max-tokens'], 1),
    prices: v.prices,
    yes: v.yes === true,
    out: v.out,
    cacheDir: v['cache-dir'],
    noCache: v['no-cache'] === true,
    resume: v.resume,
    write: v.write === true,
    forceWrite: v['force-write'] === true,
    json: v.json === true,
    batch: v.batch === true,
    batchSize: integer('--batch-size', v['batch-size'], 1),
    batchPoll: positiveSeconds('--batch-poll', v['batch-poll']),
  };
  if (!args.help) checkCombination(args, v);
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

function checkCombination(args: OptimizeArgs, given: Record<string, unknown>): void {
  if (args.noCache && args.cacheDir !== undefined) throw new UsageError('use either --cache-dir or --no-cache');
  if (args.resume !== undefined) {
    const extra = RUN_FLAGS.filter((flag) => given[flag] !== undefined);
    if (extra.length > 0) throw new UsageError(`--resume continues a run with its stored settings: drop ${extra.map((f) => `--${f}`).join(', ')}`);
    return;
  }
  if (args.prompt === undefined) throw new UsageError('--prompt <file|-> is required');
  if (args.data === undefined) throw new UsageError('--data <file> is required');
  if (args.write && args.prompt === '-') throw new UsageError('--write needs a prompt file, not stdin');
  if (args.forceWrite && !args.write) throw new UsageError('--force-write only makes sense with --write');
  if (args.localEmbeddings && args.embeddingModel !== undefined) throw new UsageError('use either --embedding-model or --local-embeddings');
  if (!args.batch && (args.batchSize !== undefined || args.batchPoll !== undefined)) throw new UsageError('--batch-size and --batch-poll only make sense with --batch');
}

/** `exact`, `f1`, ... or `regex:<pattern>`, `label:<a,b>`, `custom:<module>`. */
export function parseMetric(text: string): MetricSpec {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? undefined : text.slice(colon + 1);
  const simple = ['exact', 'contains', 'f1', 'exactSet', 'json', 'numeric', 'judge'] as const;
  const plain = simple.find((s) => s === name);
  if (plain !== undefined && arg === undefined) return { name: plain };
  if (arg !== undefined && arg !== '') {
    if (name === 'regex') return { name: 'regex', pattern: arg };
    if (name === 'label') return { name: 'label', labels: arg.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    if (name === 'custom') return { name: 'custom', module: arg };
  }
  throw new UsageError(`--metric ${text}: expected one of ${simple.join(', ')}, regex:<pattern>, label:<a,b,c>, custom:<module.js>`);
}

/** A model name flag: absent, or not blank. */
function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} is empty`);
  return value?.trim();
}

/** `--scorer-timeout <s>`: the time limit of each call of a custom scorer. */
export function withScorerTimeout(metric: MetricSpec | undefined, value: string | undefined): MetricSpec | undefined {
  if (value === undefined) return metric;
  if (metric?.name !== 'custom') throw new UsageError('--scorer-timeout applies to --metric custom:<module.js> only');
  const seconds = decimal('--scorer-timeout', value) ?? 0;
  if (seconds <= 0) throw new UsageError(`--scorer-timeout ${value}: expected a positive number of seconds`);
  return { ...metric, timeoutSeconds: seconds };
}

export function positiveSeconds(flag: string, value: string | undefined): number | undefined {
  const seconds = decimal(flag, value);
  if (seconds !== undefined && seconds <= 0) throw new UsageError(`${flag} ${value ?? ''}: expected a positive number of seconds`);
  return seconds;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} ${value}: expected ${allowed.join(' or ')}`);
  return found;
}

export function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${value}: expected a whole number of at least ${min}`);
  return n;
}

export function decimal(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} ${value}: expected a non-negative number`);
  return n;
}
