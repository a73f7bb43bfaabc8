/**
 * From parsed flags to what the orchestrator takes: the run config (absolute paths, no
 * secrets), the default run directory, the price table and the API key from the
 * environment.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { DEFAULT_PRICES, mergePriceTables, parsePriceTable, type PriceTable } from '../core/cost/priceTable';
import { DEFAULT_MAPPING } from '../core/data/datasetTypes';
import { makeRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import { RunInputError } from '../core/pipeline/runErrors';
import { UsageError, type OptimizeArgs } from './optimizeArgs';
import { resolveRubric } from './judgeFlags';
import type { LoadedPrompt } from './promptFile';

/** The run config for a new run. */
export function configFromArgs(args: OptimizeArgs, prompt: LoadedPrompt, cwd: string): RunConfig {
  const abs = (p: string): string => resolve(cwd, p);
  const embeddingModel = args.localEmbeddings ? '' : args.embeddingModel;
  // A custom scorer's path is kept absolute, like the data files, so a resume from elsewhere finds it.
  const metric = args.metric?.name === 'custom' ? { ...args.metric, module: abs(args.metric.module) } : resolveRubric(args.metric, cwd);
  return makeRunConfig({
    promptText: prompt.text,
    promptSource: args.prompt === '-' ? '<stdin>' : (args.prompt ?? ''),
    dataFile: abs(args.data ?? ''),
    testDataFile: args.testData === undefined ? undefined : abs(args.testData),
    mapping: { inputs: args.inputFields ?? DEFAULT_MAPPING.inputs, output: args.outputField ?? DEFAULT_MAPPING.output },
    provider: args.provider,
    ...defined({ baseUrl: args.baseUrl, model: args.model, generatorModel: args.generatorModel, embeddingModel, metric, method: args.method }),
    ...defined({ budget: args.budget, validationSize: args.valSize, candidateCount: args.candidates, concurrency: args.concurrency, seed: args.seed }),
    limits: defined({ maxCalls: args.maxCalls, maxTokens: args.maxTokens, maxUsd: args.maxCost }),
    ...(args.batch ? { batch: { roundSize: args.batchSize ?? 16, maxPollSeconds: args.batchPoll ?? 60 } } : {}),
  });
}

/** `.zopo/runs/<yyyymmdd-hhmmss>-<prompt name>` under the working directory. */
export function defaultRunDir(cwd: string, promptSource: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = promptSource === '-' ? 'stdin' : basename(promptSource, extname(promptSource));
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'prompt';
  return join(cwd, '.zopo', 'runs', `${stamp}-${slug}`);
}

/** The built-in prices, overridden by a user's JSON table. */
export function loadPrices(file: string | undefined, cwd: string): PriceTable {
  if (file === undefined) return DEFAULT_PRICES;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new RunInputError(`${file}: cannot read the price table (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const parsed = parsePriceTable(value);
  if (parsed.errors.length > 0) throw new RunInputError(`${file}: ${parsed.errors.join('; ')}`, file);
  return mergePriceTables(DEFAULT_PRICES, parsed.table);
}

/** The API key from OPENAI_API_KEY; OpenAI itself needs one, local servers do not. */
export function apiKeyFor(config: RunConfig, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const key = env.OPENAI_API_KEY;
  if (config.provider === 'openai' && config.baseUrl === '' && (key === undefined || key === '')) {
    throw new UsageError('set OPENAI_API_KEY to use OpenAI (or --base-url for another endpoint, or --provider sandbox to try it offline)');
  }
  return key === '' ? undefined : key;
}

/** The object without its undefined entries (exactOptionalPropertyTypes). */
function defined<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
