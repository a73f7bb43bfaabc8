/**
 * What one optimization run is asked to do, as stored in `<runDir>/config.json`. Plain data
 * with no secrets (the API key is passed to the orchestrator separately and never kept), so
 * the file can be shared, and `resume` can rebuild the very same run from it.
 */
import { parseJsonObject } from '../runs/jsonObject';
import { DEFAULT_MAPPING, type FieldMapping } from '../data/datasetTypes';
import type { BudgetLimits } from '../cost/budget';
import type { MetricSpec } from '../eval/metrics';

/** Where LLM calls go: an OpenAI-compatible endpoint, or the offline simulated model. */
export type RunProvider = 'openai' | 'sandbox';

/** The search method: the product preset (default) or the paper's reference settings. */
export type RunMethod = 'zopo' | 'paper';

/** Everything that determines a run. Paths are absolute. */
export interface RunConfig {
  readonly version: 1;
  readonly promptText: string;
  /** Where the prompt came from, for people: a file path, `<stdin>`, `file.ts:12`. */
  readonly promptSource: string;
  readonly dataFile: string;
  /** A separate held-out test file; when absent, part of `dataFile` is held out. */
  readonly testDataFile: string | undefined;
  readonly mapping: FieldMapping;
  readonly provider: RunProvider;
  /** Empty: OpenAI's default (openai) or an in-process loopback server (sandbox). */
  readonly baseUrl: string;
  /**
   * The calls go through VS Code's Language Model API, served by the editor on a loopback
   * proxy that is new each session: `baseUrl` is the first session's (sessionEndpoint.ts).
   */
  readonly languageModelApi?: boolean;
  readonly model: string;
  /** The model that writes the candidate prompts (the paper's and DSPy's prompt model); default the chat model. */
  readonly generatorModel: string;
  /** Empty: local lexical embeddings, no endpoint needed. */
  readonly embeddingModel: string;
  readonly metric: MetricSpec;
  readonly method: RunMethod;
  /** Queries (one candidate on one validation batch), the original's first evaluation included. */
  readonly budget: number;
  readonly validationSize: number;
  readonly concurrency: number;
  readonly seed: number;
  /** Candidates to generate, besides the original. */
  readonly candidateCount: number;
  readonly portfolioSize: number;
  /** At most this many test examples are used for the final side-by-side scores. */
  readonly testLimit: number;
  /** Completion tokens allowed per evaluation answer. */
  readonly maxOutputTokens: number;
  /** Cosine similarity above which a candidate counts as a near-duplicate of an earlier one. */
  readonly dedupeThreshold: number;
  readonly limits: BudgetLimits;
  /** Evaluate through the provider's Batch API (src/core/batch); absent: direct calls. */
  readonly batch?: BatchSettings;
}

/** How a batch-mode run uses the Batch API. */
export interface BatchSettings {
  /** Queries (candidates) per optimizer round, and so per batch. */
  readonly roundSize: number;
  /** Longest wait between two checks of a batch, in seconds. */
  readonly maxPollSeconds: number;
}

/** The parts a caller must give; everything else has a default. */
export type RunConfigInput = Pick<RunConfig, 'promptText' | 'promptSource' | 'dataFile'> & Partial<Omit<RunConfig, 'version'>>;

/** Sensible defaults: the reference's 20 examples per query, a pool larger than the budget. */
export function makeRunConfig(input: RunConfigInput): RunConfig {
  const provider = input.provider ?? 'openai';
  const budget = input.budget ?? 165;
  const model = input.model ?? (provider === 'sandbox' ? 'sandbox' : 'gpt-4o-mini');
  return {
    version: 1,
    promptText: input.promptText,
    promptSource: input.promptSource,
    dataFile: input.dataFile,
    testDataFile: input.testDataFile,
    mapping: input.mapping ?? DEFAULT_MAPPING,
    provider,
    baseUrl: input.baseUrl ?? '',
    ...(input.languageModelApi === true ? { languageModelApi: true } : {}),
    model,
    generatorModel: input.generatorModel !== undefined && input.generatorModel !== '' ? input.generatorModel : model,
    embeddingModel: input.embeddingModel ?? (provider === 'sandbox' ? 'sandbox-embedding' : 'text-embedding-3-small'),
    metric: input.metric ?? { name: 'exact' },
    method: input.method ?? 'zopo',
    budget,
    validationSize: input.validationSize ?? 20,
    concurrency: input.concurrency ?? 4,
    seed: input.seed ?? 0,
    candidateCount: input.candidateCount ?? defaultCandidateCount(budget),
    portfolioSize: input.portfolioSize ?? 5,
    testLimit: input.testLimit ?? 200,
    maxOutputTokens: input.maxOutputTokens ?? 256,
    dedupeThreshold: input.dedupeThreshold ?? 0.98,
    limits: input.limits ?? {},
    ...(input.batch === undefined ? {} : { batch: input.batch }),
  };
}

/** A pool comfortably larger than the budget, as in the paper (hundreds of candidates). */
export function defaultCandidateCount(budget: number): number {
  return Math.min(400, Math.max(40, Math.round(budget * 1.5)));
}

/** Reads a config.json body back; a file that is not a run config yields a message. */
export function parseRunConfig(json: string): RunConfig | string {
  const v = parseJsonObject(json);
  if (typeof v === 'string') return v;
  if (v.version !== 1) return 'unknown config version';
  for (const key of ['promptText', 'promptSource', 'dataFile', 'model', 'embeddingModel', 'baseUrl'] as const) {
    if (typeof v[key] !== 'string') return `field "${key}" must be a string`;
  }
  for (const key of ['budget', 'validationSize', 'concurrency', 'seed', 'candidateCount', 'portfolioSize'] as const) {
    if (typeof v[key] !== 'number') return `field "${key}" must be a number`;
  }
  const input = v as RunConfigInput;
  return makeRunConfig({ ...input, testDataFile: typeof v.testDataFile === 'string' ? v.testDataFile : undefined });
}
