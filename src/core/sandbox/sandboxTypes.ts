/**
 * Types of the offline sandbox model. The sandbox is started with the datasets it serves
 * so that it can answer dataset items: on every chat request it looks for a dataset input
 * inside the user's message (the longest one contained there) and knows the expected
 * output from its own copy of the data. The client never tells it the answer; it only
 * sends the prompt, as it would to a real model.
 */
import type { SandboxModelCount } from './modelCounts';
import type { SimulatedJudgeOptions, SimulatedJudgeStats } from './simulatedJudge';

/** One example: the input text as it appears in the prompt and its expected output. */
export interface SandboxItem {
  readonly input: string;
  readonly output: string;
}

/** A dataset the sandbox can answer, with hints about what a good instruction mentions. */
export interface SandboxDataset {
  readonly name: string;
  readonly items: readonly SandboxItem[];
  /**
   * Words a good instruction for this task mentions ("sentiment", "review"). The label
   * words of a classification task (its distinct outputs, when there are few) are added.
   */
  readonly keywords?: readonly string[];
  /** A short task phrase used when proposing instructions ("classify the sentiment of a review"). */
  readonly description?: string;
  /** Accuracy of a bland instruction; the instruction's features move it up or down. Default 0.45. */
  readonly baseAccuracy?: number;
}

/** Faults injected into responses. Rates are probabilities per request in [0, 1]. */
export interface SandboxFaults {
  /** Fixed delay before every response, in ms. */
  readonly latencyMs?: number;
  /** Extra uniform random delay in [0, jitterMs). */
  readonly jitterMs?: number;
  readonly rateLimitRate?: number;
  /** Retry-After sent with a 429, in seconds (fractions allowed, e.g. 0.05). */
  readonly retryAfterSeconds?: number;
  readonly serverErrorRate?: number;
  readonly malformedRate?: number;
  readonly dropRate?: number;
  /** Never answers: the request is read and the socket held open until the client gives up. */
  readonly hangRate?: number;
  /** Sends the headers, then the body one byte every `dripIntervalMs`. */
  readonly dripRate?: number;
  /** Milliseconds between the bytes of a dripped body. Default 2000. */
  readonly dripIntervalMs?: number;
  /** 401 invalid API key. */
  readonly unauthorizedRate?: number;
  /** 404 unknown model. */
  readonly notFoundRate?: number;
  /** 400 invalid request. */
  readonly badRequestRate?: number;
  /** 400 `context_length_exceeded`: a refusal of the one request, not of the endpoint. */
  readonly contextLengthRate?: number;
  /** A 200 whose body has `choices: []`. */
  readonly emptyChoicesRate?: number;
  /** The connection is reset before any byte of a response. */
  readonly resetRate?: number;
  /**
   * One-shot faults consumed in order by the next requests (before the rates apply):
   * exact and deterministic, for tests.
   */
  readonly script?: readonly SandboxFaultKind[];
}

/** What can go wrong with one response. */
export type SandboxFaultKind =
  | 'rateLimit'
  | 'serverError'
  | 'malformed'
  | 'drop'
  | 'hang'
  | 'drip'
  | 'unauthorized'
  | 'notFound'
  | 'badRequest'
  | 'contextLength'
  | 'emptyChoices'
  | 'reset'
  | 'none';

/** Endpoints the sandbox counts. */
export type SandboxEndpoint = 'chat' | 'embeddings' | 'models' | 'other';

/** Live counters of the server; read them at any time from `SandboxHandle.stats`. */
export interface SandboxStats {
  /** Requests received per endpoint, faulted ones included. */
  readonly requests: Record<SandboxEndpoint, number>;
  /** Requests answered normally (status 200, well-formed). */
  succeeded: number;
  rateLimited: number;
  serverErrors: number;
  malformed: number;
  dropped: number;
  /** Requests never answered, dripped, refused (401/404/400), answered with no choices, reset. */
  hung: number;
  dripped: number;
  unauthorized: number;
  notFound: number;
  badRequests: number;
  contextLength: number;
  emptyChoices: number;
  resets: number;
  /** Requests being handled right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  /** Tokens reported in `usage` of the normal responses. */
  promptTokens: number;
  completionTokens: number;
  /** Chat requests received and their answers' tokens, per model asked for (modelCounts.ts). */
  readonly chatByModel: Record<string, SandboxModelCount>;
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  readonly datasets?: readonly SandboxDataset[];
  readonly faults?: SandboxFaults;
  /** Seed of the fault dice and of instruction proposals. Default 1. */
  readonly seed?: number;
  /** Port to bind on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Dimension of the simulated embeddings. Default 256. */
  readonly embeddingDim?: number;
  /** The Batch API's behaviour (sandboxBatches.ts). */
  readonly batches?: SandboxBatchOptions;
  /** The simulated judge's behaviour (simulatedJudge.ts). */
  readonly judge?: SimulatedJudgeOptions;
  /** Chat models served besides `sandbox` and `sandbox-…`; any other is a 404 (servedModels.ts). Default: every model. */
  readonly models?: readonly string[];
}

/** How the sandbox's Batch API behaves (/v1/files, /v1/batches). */
export interface SandboxBatchOptions {
  /** Time from a batch's creation to its end, in ms. Default 200. */
  readonly latencyMs?: number;
  /** Outcomes of the next batches, in order (then `complete`): `expire` ends with only part of the lines done, `fail` fails validation. */
  readonly script?: readonly ('complete' | 'expire' | 'fail')[];
  /** Fraction of an expiring batch's lines that are done. Default 0.5. */
  readonly expireFraction?: number;
  /** The next this many lines answered fail with a 500 in the error file. */
  readonly failLines?: number;
  /** Probability that a line fails with a 500. */
  readonly failedLineRate?: number;
  /** No Batch API: /v1/files and /v1/batches answer 404, as most local servers do. */
  readonly unsupported?: boolean;
}

/** Counters of the sandbox's Batch API. */
export interface SandboxBatchStats {
  filesUploaded: number;
  batchesCreated: number;
  /** GET /v1/batches/{id} calls (polls). */
  retrievals: number;
  linesSubmitted: number;
  linesAnswered: number;
  linesFailed: number;
  /** Lines of an expired or cancelled batch that were never run. */
  linesExpired: number;
  /** custom_id -> how many batches it was submitted in. */
  submissions: Record<string, number>;
}

/** A running sandbox. */
export interface SandboxHandle {
  /** e.g. "http://127.0.0.1:41234/v1", ready for an OpenAI client's baseURL. */
  readonly baseUrl: string;
  readonly stats: SandboxStats;
  /** Replaces the fault configuration (a new `script` replaces what is left of the old). */
  setFaults(faults: SandboxFaults): void;
  /** Counters of the Batch API (reset with the others). */
  readonly batchStats: SandboxBatchStats;
  /** Replaces the Batch API's behaviour. */
  setBatchOptions(options: SandboxBatchOptions): void;
  /** Counters of the simulated judge (reset with the others). */
  readonly judgeStats: SimulatedJudgeStats;
  /** Replaces the simulated judge's behaviour. */
  setJudgeOptions(options: SimulatedJudgeOptions): void;
  /** Sets every counter back to zero. */
  resetStats(): void;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}
