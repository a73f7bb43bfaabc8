/** The orchestrator's options and result: how the CLI and the editor start, steer and read a run. */
import type { PriceTable } from '../cost/priceTable';
import type { LlmClient } from '../llm/llmClient';
import type { LlmClientOptions } from '../llm/llmTypes';
import type { CandidateGenerator } from './candidateStage';
import type { RunEstimateView } from './runEstimate';
import type { PortfolioItem, RunEventListener, UsageSnapshot } from './runEvents';
import type { EndpointChoice, PromptFileStamp } from './runStamp';

/** How a run that stopped early is recorded: `cancelled` by the user, or `interrupted` (Ctrl-C). */
export type StoppedStatus = 'cancelled' | 'interrupted';

/** Everything about running besides the config: secrets, listeners, signals, overrides. */
export interface RunOptions {
  /** The run directory; created if needed. A new run refuses one that holds another run. */
  readonly runDir: string;
  /** A new run: `runDir` is a name to start from; when taken, `-2`, `-3`, ... is added. */
  readonly uniqueRunDir?: boolean;
  /** The prompt file as it was read (a new run records it; `--write` and resume check it). */
  readonly promptFile?: PromptFileStamp;
  /**
   * On resume: the endpoint the caller would use; a run recorded with another is refused. A
   * run recorded through VS Code's Language Model API needs that API's proxy of this session,
   * whose URL then replaces the stored one (sessionEndpoint.ts).
   */
  readonly endpoint?: EndpointChoice;
  /** Used for requests only: never written, logged or put in an event. */
  readonly apiKey?: string;
  readonly onEvent?: RunEventListener;
  /** Cancels at once: in-flight requests are abandoned, finished work is kept. */
  readonly signal?: AbortSignal;
  /** Stops gracefully: no new evaluations; in-flight ones finish and are kept (Ctrl-C). */
  readonly stopSignal?: AbortSignal;
  /** Status recorded when a signal stops the run. Default `cancelled`. */
  readonly stoppedStatus?: StoppedStatus;
  /** Start even when the estimate exceeds a limit. */
  readonly allowOverBudget?: boolean;
  /** Asked when the estimate exceeds a limit (and not allowed up front): true starts anyway. */
  readonly confirmEstimate?: (estimate: RunEstimateView) => boolean | Promise<boolean>;
  /** Price table (defaults merged with the user's). Default: the built-in prices. */
  readonly prices?: PriceTable;
  /** The LLM cache log (a shared one: runCache.ts). Default `<runDir>/llm-cache.jsonl`; on resume, the files the run used. */
  readonly cacheFile?: string;
  /** Custom scorer modules may run (false in an untrusted workspace). Default false. */
  readonly allowCustomCode?: boolean;
  /** Candidate generation. Default: candidateGenerator.ts's `generateCandidates`. */
  readonly generate?: CandidateGenerator;
  /** A ready client (the editor's provider); otherwise one is built from the config. */
  readonly llm?: LlmClient;
  /** Client tuning when the orchestrator builds the client (timeouts, retry delays). */
  readonly clientOptions?: Partial<Omit<LlmClientOptions, 'apiKey' | 'cache' | 'onUsage'>>;
  /** Minimum interval between `usage` events. Default 250 ms. */
  readonly usageIntervalMs?: number;
}

/** How a run ended without an error. */
export type RunEndStatus = 'done' | StoppedStatus;

/** What a run returns (also what the `done` event and portfolio.json carry). */
export interface RunResult {
  readonly status: RunEndStatus;
  readonly runDir: string;
  /** Best first; on a stop, the portfolio so far, without test scores. */
  readonly portfolio: readonly PortfolioItem[];
  readonly original: PortfolioItem;
  readonly usage: UsageSnapshot;
  readonly queries: number;
  readonly budget: number;
  readonly simulated: boolean;
  /** Why the run stopped early or skipped a step (a limit reached), if it did. */
  readonly message: string | undefined;
  /** Outputs the LLM judge could not grade (no score twice, or its call failed): left out of the scores. Absent when none. */
  readonly failedGradings?: number;
}
