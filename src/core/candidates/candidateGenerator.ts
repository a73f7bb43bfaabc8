/**
 * Candidate generation, the input domain of the search (ZOPO's Insight II; ZOPO.md, "The
 * pipeline", step 1): APE instruction induction over random demonstration subsets plus
 * rewrites of the user's own prompt, every text cleaned, kept in the prompt's template
 * (guardCandidate), and de-duplicated exactly. Bounded by a target size and a call cap;
 * a failed call is counted, not fatal; an abort returns what was made so far.
 * Near-duplicates by meaning are removed later, once embedded (embeddingDedupe.ts).
 */
import { setMaxListeners } from 'node:events';
import type { Example } from '../data/datasetTypes';
import type { LlmClient } from '../llm/llmClient';
import type { ChatValue, LlmResult } from '../llm/llmTypes';
import { parsePromptTemplate } from '../prompt/promptTemplate';
import { CandidatePool } from './candidatePool';
import { splitCandidateList } from './candidateText';
import { CallPlanner, type PlannedCall } from './generationPlan';
import { splitTemplate } from './templateScaffold';

/** What {@link generateCandidates} works from. */
export interface GenerationOptions {
  /** The user's prompt text (a template when it has variables); always candidate 0. */
  readonly original: string;
  /** The demonstration split: induction shows random subsets of it. */
  readonly demos: readonly Example[];
  /** Any chat client; an `LlmClient` in practice. */
  readonly llm: Pick<LlmClient, 'chat'>;
  /** Pool size wanted, original included. */
  readonly targetCount: number;
  readonly seed: number;
  /** Cap on generation calls (chat requests); default {@link defaultMaxCalls}. */
  readonly maxCalls?: number;
  readonly signal?: AbortSignal;
  /** Called with the pool size after every processed call (and once at the start). */
  readonly onProgress?: (made: number, target: number) => void;
}

/** Where a candidate came from. */
export type CandidateOrigin = 'original' | 'induction' | 'paraphrase' | 'specific' | 'format' | 'shorter';

/** One candidate prompt. */
export interface GeneratedCandidate {
  readonly text: string;
  readonly origin: CandidateOrigin;
}

/** The pool and what making it cost. */
export interface GenerationResult {
  /** The original first, then the others in a seed-determined order. */
  readonly candidates: readonly GeneratedCandidate[];
  /** Chat requests issued. */
  readonly calls: number;
  /** Texts dropped as unusable (empty, absurdly long) or by the template-variable guard. */
  readonly rejected: number;
  /** Texts dropped as exact duplicates (case and whitespace ignored). */
  readonly duplicates: number;
  /** Calls that failed after the client's retries. */
  readonly failedCalls: number;
  /**
   * The signal stopped generation; the pool is what was made before. Always set by
   * {@link generateCandidates}; optional so that stand-ins need not set it.
   */
  readonly aborted?: boolean;
}

/** Calls issued at once, at most; later rounds are sized by what is still missing. */
const MAX_ROUND_CALLS = 32;
/** New candidates counted on per call when sizing a round (4 asked; some repeat). */
const EXPECTED_YIELD = 3;
/** Consecutive answered calls that add nothing before the pool counts as saturated. */
const SATURATION_CALLS = 12;

/** The default call cap: enough for two new candidates a call, plus slack. */
export function defaultMaxCalls(targetCount: number): number {
  return Math.ceil(Math.max(0, targetCount - 1) / 2) + 4;
}

/** Generates a candidate pool; see the module comment. Never throws for a failed call. */
export async function generateCandidates(options: GenerationOptions): Promise<GenerationResult> {
  const fields = Object.keys(options.demos[0]?.inputs ?? {});
  const template = parsePromptTemplate(options.original, { fields });
  const parts = splitTemplate(template);
  const pool = new CandidatePool(template, parts, options.targetCount);
  const planner = new CallPlanner(template, parts, options.demos, options.seed);
  const state: LoopState = { calls: 0, failedCalls: 0, aborted: false, idleCalls: 0 };
  const maxCalls = options.maxCalls ?? defaultMaxCalls(options.targetCount);
  const target = Math.max(1, options.targetCount);
  const report = (): void => options.onProgress?.(pool.size, target);
  const link = linkSignal(options.signal);
  try {
    report();
    while (!pool.full && state.calls < maxCalls && planner.canPlan && state.idleCalls < SATURATION_CALLS) {
      if (link.signal.aborted) {
        state.aborted = true;
        break;
      }
      const size = Math.min(maxCalls - state.calls, MAX_ROUND_CALLS, Math.ceil((target - pool.size) / EXPECTED_YIELD));
      const round = Array.from({ length: Math.max(1, size) }, () => planner.next());
      state.calls += round.length;
      await runRound(round, { llm: options.llm, signal: link.signal, pool, state, report });
      if (state.aborted) break;
    }
  } finally {
    link.dispose();
  }
  const { calls, failedCalls, aborted } = state;
  return { candidates: [...pool.candidates], calls, rejected: pool.rejected, duplicates: pool.duplicates, failedCalls, aborted };
}

/**
 * A signal of our own that follows the caller's: every request of a round (and each of its
 * attempts) listens to it, more than Node's default of 10 listeners, and raising that limit
 * is ours to do on our signal, not on the caller's.
 */
function linkSignal(outer: AbortSignal | undefined): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (outer === undefined) return { signal: controller.signal, dispose: () => undefined };
  const forward = (): void => controller.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, dispose: () => outer.removeEventListener('abort', forward) };
}

interface LoopState {
  calls: number;
  failedCalls: number;
  aborted: boolean;
  /** Answered calls in a row that added no candidate. */
  idleCalls: number;
}

/** What one round works with. */
interface RoundContext {
  readonly llm: GenerationOptions['llm'];
  readonly signal: AbortSignal;
  readonly pool: CandidatePool;
  readonly state: LoopState;
  readonly report: () => void;
}

/**
 * Sends a round at once and takes the replies in request order as they complete, so the
 * pool does not depend on which reply arrives first and progress is reported as it grows.
 */
async function runRound(round: readonly PlannedCall[], context: RoundContext): Promise<void> {
  const { llm, signal, pool, state, report } = context;
  const pending = round.map((call) => llm.chat(call.request, signal).catch(asFailure));
  for (const [i, promise] of pending.entries()) {
    const result = await promise;
    const call = round[i];
    if (call === undefined) continue;
    if (result.status === 'cancelled') state.aborted = true;
    else if (result.status === 'failed') state.failedCalls++;
    else {
      const added = takeReply(result.value, call, pool);
      state.idleCalls = added > 0 ? 0 : state.idleCalls + 1;
    }
    report();
  }
}

/** Offers every item of every choice of a reply; returns how many joined the pool. */
function takeReply(value: ChatValue, call: PlannedCall, pool: CandidatePool): number {
  let added = 0;
  for (const text of value.texts) {
    // An induction reply is one instruction; a rewrite reply is a numbered list of them.
    const items = call.kind === 'induction' ? [text] : splitCandidateList(text);
    for (const item of items) if (pool.offer(item, call.kind, call.instructionOnly) === 'added') added++;
  }
  return added;
}

/** A client that breaks its never-throw promise still only costs one failed call. */
function asFailure(error: unknown): LlmResult<ChatValue> {
  return { status: 'failed', failure: { kind: 'unknown', message: error instanceof Error ? error.message : String(error) }, attempts: 0 };
}
