/**
 * One run once its inputs are loaded and its directory exists: the candidate pool (built,
 * or read back on resume), the search (fresh, or replayed from the journal and continued),
 * the held-out test of the portfolio against the original, and the files and events of
 * every step. Stops (a signal, a limit) keep everything finished so far.
 */
import { setMaxListeners } from 'node:events';
import { createZopo } from '../optimizer/zopo';
import type { SearchMethod } from '../optimizer/types';
import type { LlmClient } from '../llm/llmClient';
import { parsePromptTemplate, type PromptTemplate } from '../prompt/promptTemplate';
import { evaluateCandidate, type EvaluationContext, type EvaluationScore } from './candidateEvaluator';
import { buildCandidatePool, type BuiltPool, type CandidateGenerator } from './candidateStage';
import type { RunConfig } from './runConfig';
import type { RunDirectory } from './runDirectory';
import { RunFailedError } from './runErrors';
import type { CandidateInfo, HeldOutComparison, RunEvent } from './runEvents';
import { heldOutComparisons, originalPairingExamples } from './pairedEvidence';
import type { EvaluationEntry } from './runFileTypes';
import type { ValidationDraw } from '../data/validationSampler';
import type { RunInputs } from './runInputs';
import { RunRecorder, type TestMeans } from './runRecorder';
import type { RunOptions, RunResult } from './runTypes';
import { ScoreBook } from './scoreBook';
import { EvaluationReplay } from './evaluationReplay';
import { runSearchLoop, type LaunchedEvaluation, type SearchEnd, type SearchState } from './searchLoop';
import { evaluateOnTestSet, testMean } from './testStage';
import type { UsageTracker } from './usageTracker';

/** Per-example results are left out of events for evaluations larger than this (kept on disk). */
const MAX_EVENT_RESULTS = 100;
/**
 * run.json is rewritten at most this often during the search (and at every end): it is a
 * summary; resuming reads evaluations.jsonl, which is appended at every evaluation.
 */
const PROGRESS_WRITE_MS = 1000;

/** What a session is built from. */
export interface SessionContext {
  readonly config: RunConfig;
  readonly options: RunOptions;
  readonly dir: RunDirectory;
  readonly inputs: RunInputs;
  readonly llm: LlmClient;
  readonly tracker: UsageTracker;
  readonly generate: CandidateGenerator;
  readonly emit: (event: RunEvent) => void;
  readonly simulated: boolean;
  readonly createdAt: string;
}

/** Runs the phases after loading; see the module comment. */
export class RunSession {
  private readonly book = new ScoreBook();
  private readonly recorder: RunRecorder;
  private readonly limitStop = new AbortController();
  private readonly signal: AbortSignal;
  /** `signal` or a graceful stop (the first Ctrl-C): what the phases without a journal (generation, embedding) end on. */
  private readonly stoppable: AbortSignal;
  /** A scorer that failed during the search: the run ends with it once the evaluations in flight are done. */
  private scorerFailure: { readonly error: unknown } | undefined;
  private readonly evalContext: EvaluationContext;
  private candidates: readonly CandidateInfo[] = [];
  private templates: PromptTemplate[] = [];
  private optimizer: SearchMethod | undefined;
  private limitMessage: string | undefined;
  private launchedQueries = 0;
  private best: { candidate: number; score: number } | undefined;
  private warnedFailures = false;
  private replay = new EvaluationReplay([]);
  private lastProgressWrite = 0;
  /** Why the run cannot go on (the LLM client's breaker tripped, the original could not be scored). */
  private haltMessage: string | undefined;
  private readonly unobserve: () => void;
  /** Outputs the judge could not grade, over every evaluation of this session (replayed ones included). */
  private failedGradings = 0;

  constructor(private readonly ctx: SessionContext) {
    const testExamples = Math.min(ctx.config.testLimit, ctx.inputs.split.test.length);
    this.recorder = new RunRecorder(ctx.dir, ctx.config, ctx.createdAt, ctx.simulated, testExamples);
    const external = ctx.options.signal;
    this.signal = external === undefined ? this.limitStop.signal : AbortSignal.any([external, this.limitStop.signal]);
    // Every request in flight or queued listens to this signal: hundreds at once is normal.
    setMaxListeners(0, this.signal);
    const stop = ctx.options.stopSignal;
    this.stoppable = stop === undefined ? this.signal : AbortSignal.any([this.signal, stop]);
    setMaxListeners(0, this.stoppable);
    const { scorer, bindings } = ctx.inputs;
    this.evalContext = { llm: ctx.llm, scorer, bindings, maxOutputTokens: ctx.config.maxOutputTokens };
    this.unobserve = ctx.llm.observe({
      onHalt: (halt) => this.halt(halt.message),
      onWait: (wait) => ctx.emit({ type: 'waiting', reason: wait.reason, seconds: wait.delayMs / 1000, message: wait.message }),
    });
  }

  /** Runs to the end, or to a stop. */
  async run(): Promise<RunResult> {
    this.writeProgress();
    const built = await this.loadOrBuildPool();
    this.throwIfHalted();
    if (this.limitMessage !== undefined) return this.finishAtLimit();
    // A graceful stop ends generation at once: the calls it had finished are in the cache, so a resumed run does not pay for them again.
    if (built === undefined || this.ctx.options.stopSignal?.aborted === true) return this.stop();
    this.usePool(built);
    const end = await this.search(built);
    this.throwIfHalted();
    if (this.scorerFailure !== undefined) throw this.scorerFailure.error;
    if (this.limitMessage !== undefined) return this.finishAtLimit();
    if (end !== 'finished') return this.stop();
    if (this.book.queries < this.ctx.config.budget) {
      this.ctx.emit({ type: 'warning', message: `the search ran out of candidates after ${this.book.queries} of ${this.ctx.config.budget} queries (a pool of ${this.candidates.length})` });
    }
    const paired = await this.pairOriginal();
    this.throwIfHalted();
    if (!paired) return this.limitMessage !== undefined ? this.finishAtLimit() : this.stop();
    return this.test();
  }

  /** Records a failure in run.json (the orchestrator emits the event). */
  recordFailure(message: string): void {
    this.unobserve();
    const state = this.recorder.portfolio(this.optimizer, this.book, this.candidates, new Map());
    this.recorder.writeRecord('failed', { ...state, usage: this.ctx.tracker.snapshot(), queries: this.book.queries, message });
  }

  /** Stops at a limit met ahead of time (batch mode: a batch that could exceed it is not created). */
  stopAtLimit(reason: string): void {
    if (this.limitMessage !== undefined) return;
    this.limitMessage = `stopped early: ${reason}`;
    this.ctx.emit({ type: 'warning', message: `${this.limitMessage}; the test-set evaluation is skipped` });
    this.limitStop.abort();
  }

  /** Called by the usage tracker's timer too: a reached limit stops at once. */
  checkLimits(): void {
    if (this.limitMessage !== undefined) return;
    const reached = this.ctx.tracker.exceeded();
    if (reached === undefined) return;
    this.limitMessage = `stopped early: ${reached}`;
    this.ctx.emit({ type: 'warning', message: `${this.limitMessage}; the test-set evaluation is skipped` });
    this.limitStop.abort();
  }

  private async loadOrBuildPool(): Promise<BuiltPool | undefined> {
    const stored = this.ctx.dir.readCandidates();
    if (stored !== undefined) return stored;
    const { config, inputs, llm } = this.ctx;
    const built = await buildCandidatePool({
      original: config.promptText,
      demos: inputs.split.demos,
      llm,
      generatorModel: config.generatorModel,
      generate: this.ctx.generate,
      candidateCount: config.candidateCount,
      seed: config.seed,
      embeddingModel: config.embeddingModel,
      dedupeThreshold: config.dedupeThreshold,
      signal: this.stoppable,
      onPhase: (phase) => this.ctx.emit({ type: 'phase', phase }),
      onProgress: (made, target) => this.ctx.emit({ type: 'phase', phase: 'generating', detail: `${made} of ${target} candidates` }),
      warn: (message) => this.ctx.emit({ type: 'warning', message }),
    });
    if (built !== undefined) this.ctx.dir.writeCandidates(built.file, built.pool);
    return built;
  }

  private usePool(built: BuiltPool): void {
    this.candidates = built.file.candidates;
    const syntax = this.ctx.inputs.template.syntax;
    this.templates = this.candidates.map((c, i) => (i === 0 ? this.ctx.inputs.template : parsePromptTemplate(c.text, syntax === undefined ? {} : { syntax })));
    this.ctx.emit({ type: 'candidates', candidates: this.candidates });
  }

  private async search(built: BuiltPool): Promise<SearchEnd> {
    const { config, inputs } = this.ctx;
    const sampler = inputs.split.sampler;
    const optimizer = createZopo({ pool: built.pool, budget: Math.max(0, config.budget - 1), valSize: sampler.batchSize, seed: config.seed, texts: built.file.candidates.map((c) => c.text) }, config.method);
    this.optimizer = optimizer;
    const draw = (p: { candidate: number; repeats: number }) => sampler.take(p.candidate, p.repeats);
    const state = this.initialState(draw);
    this.ctx.emit({ type: 'phase', phase: 'searching', detail: `${config.budget} queries of ${sampler.batchSize} examples` });
    return runSearchLoop(
      {
        optimizer,
        draw,
        evaluate: (l) => this.evaluate(l),
        onStarted: (l) => this.started(l),
        onFinished: (l, score, seq) => this.finished(l, score, seq),
        afterTell: () => this.afterTell(),
        stopReason: () => this.stopReason(),
        // Batch mode: a round of roundSize queries at a time, each round one batch.
        targetCalls: config.batch === undefined ? config.concurrency + sampler.batchSize : config.batch.roundSize * sampler.batchSize,
        callsPerQuery: sampler.batchSize,
        roundSync: config.batch !== undefined,
      },
      state,
    ).catch((error: unknown) => {
      // The breaker's account of an outage says more than "the last evaluations all failed".
      this.throwIfHalted();
      throw error instanceof RunFailedError && error.runDir === undefined ? new RunFailedError(error.message, this.ctx.dir.dir) : error;
    });
  }

  /** The original first; on resume, the logged evaluations answer the replayed launches. */
  private initialState(draw: (p: { candidate: number; repeats: number }) => ValidationDraw): SearchState {
    const logged = this.ctx.dir.readEvaluations();
    this.replay = new EvaluationReplay(logged);
    if (this.replay.size > 0) this.ctx.emit({ type: 'warning', message: `resuming: replaying ${this.replay.size} logged evaluations` });
    return { round: 0, tells: 0, pending: [{ candidate: 0, repeats: 1, reason: 'original', round: -1, draw: draw({ candidate: 0, repeats: 1 }) }] };
  }

  private evaluate(l: LaunchedEvaluation): Promise<EvaluationScore | undefined> {
    const logged = this.replay.take(l);
    if (logged !== undefined) return Promise.resolve(logged);
    return evaluateCandidate(this.evalContext, this.templates[l.candidate] as PromptTemplate, l.draw.examples, this.signal).catch((error: unknown) => {
      // A custom scorer that threw or ran over its time limit: stop the calls in flight, end the search, then fail the run.
      if (!this.signal.aborted) this.scorerFailure ??= { error };
      this.limitStop.abort();
      return undefined;
    });
  }

  private started(l: LaunchedEvaluation): void {
    this.ctx.emit({ type: 'evaluationStarted', candidateId: l.candidate, query: this.launchedQueries + 1, reason: l.reason });
    this.launchedQueries += l.repeats;
  }

  private finished(l: LaunchedEvaluation, score: EvaluationScore, seq: number): void {
    // After a halt nothing is logged: a resume evaluates again what the outage spoiled.
    if (this.haltMessage !== undefined) return;
    if (l.reason === 'original' && score.total === 0) {
      this.halt(`the original prompt could not be scored: all ${score.failed} of its requests failed (${score.failure ?? 'no answer'})`);
      return;
    }
    this.book.add(l.candidate, score.correct, score.total, l.repeats, score.results);
    this.countUngraded(score);
    const entry: EvaluationEntry = {
      kind: 'search', seq, round: l.round, candidate: l.candidate, reason: l.reason, repeats: l.repeats, batches: l.draw.batches,
      correct: score.correct, total: score.total, failed: score.failed, score: score.total > 0 ? score.correct / score.total : 0,
      queries: this.book.queries, results: score.results, time: new Date().toISOString(),
    };
    if (!this.replay.replayed(l)) this.ctx.dir.appendEvaluation(entry);
    this.ctx.emit(this.finishedEvent(l.candidate, l.reason, score));
    if (score.failed > 0 && !this.warnedFailures) {
      this.warnedFailures = true;
      const what = score.results.some((r) => r.ungraded === true) ? 'some outputs could not be graded' : 'some requests failed after retries';
      this.ctx.emit({ type: 'warning', message: `${what} (${score.failure ?? 'no answer'}); their examples are left out of the scores` });
    }
  }

  private countUngraded(score: EvaluationScore): void {
    for (const r of score.results) if (r.ungraded === true) this.failedGradings++;
  }

  private finishedEvent(candidate: number, reason: string, score: EvaluationScore): RunEvent {
    const examples = score.total + score.failed;
    const base = {
      type: 'evaluationFinished' as const, candidateId: candidate, queries: this.book.queries, budget: this.ctx.config.budget,
      score: score.total > 0 ? score.correct / score.total : 0, examples, failedExamples: score.failed, reason,
    };
    return examples <= MAX_EVENT_RESULTS ? { ...base, results: score.results } : base;
  }

  private afterTell(): void {
    this.updateBest();
    this.ctx.tracker.poll();
    this.checkLimits();
    if (Date.now() - this.lastProgressWrite >= PROGRESS_WRITE_MS) this.writeProgress();
  }

  private updateBest(): void {
    const lead = this.optimizer?.portfolio(1)[0];
    const candidate = lead?.candidate ?? (this.book.examples(0) > 0 ? 0 : undefined);
    if (candidate === undefined) return;
    const score = lead?.mean ?? this.book.mean(0) ?? 0;
    if (this.best?.candidate === candidate && this.best.score === score) return;
    this.best = { candidate, score };
    this.ctx.emit({ type: 'newBest', candidateId: candidate, score, queries: this.book.queries });
  }

  private stopReason(): string | undefined {
    if (this.ctx.options.stopSignal?.aborted === true) return 'stopped';
    if (this.signal.aborted) return 'cancelled';
    return this.limitMessage;
  }

  private writeProgress(): void {
    this.lastProgressWrite = Date.now();
    const state = this.recorder.portfolio(this.optimizer, this.book, this.candidates, new Map());
    this.recorder.writeRecord('running', { ...state, usage: this.ctx.tracker.snapshot(), queries: this.book.queries });
  }

  /**
   * Scores the original on the validation examples the portfolio was scored on and it was not,
   * so each returned prompt is compared with it on the same inputs and the original has at least
   * as much evidence as the best candidate. False when a stop or a limit cut it short.
   */
  private async pairOriginal(): Promise<boolean> {
    const picks = this.optimizer?.portfolio(this.ctx.config.portfolioSize) ?? [];
    const examples = originalPairingExamples(this.ctx.inputs.split.validation, this.book, picks.map((p) => p.candidate));
    if (examples.length === 0) return true;
    this.ctx.emit({ type: 'phase', phase: 'reevaluating', detail: `the original on ${examples.length} more validation examples, paired with the portfolio` });
    const score = await evaluateCandidate(this.evalContext, this.templates[0] as PromptTemplate, examples, this.signal);
    if (score === undefined || this.limitMessage !== undefined || this.signal.aborted) return false;
    this.book.add(0, score.correct, score.total, 0, score.results);
    this.countUngraded(score);
    this.ctx.dir.appendEvaluation({
      kind: 'pairing', seq: -1, round: -1, candidate: 0, reason: 'paired with the portfolio', repeats: 0, batches: [], correct: score.correct, total: score.total,
      failed: score.failed, score: score.total > 0 ? score.correct / score.total : 0, queries: this.book.queries, results: score.results, time: new Date().toISOString(),
    });
    return true;
  }

  private async test(): Promise<RunResult> {
    const { config, inputs } = this.ctx;
    const picks = this.optimizer?.portfolio(config.portfolioSize) ?? [];
    const ids = [...new Set([...picks.map((p) => p.candidate), 0])];
    const examples = inputs.split.test.slice(0, config.testLimit);
    this.ctx.emit({ type: 'phase', phase: 'testing', detail: `${ids.length} prompts on ${examples.length} held-out examples` });
    const candidates = ids.map((id) => ({ id, template: this.templates[id] as PromptTemplate }));
    const stopSignal = this.ctx.options.stopSignal;
    const scores = await evaluateOnTestSet(this.evalContext, candidates, examples, { signal: this.signal, parallel: config.batch === undefined ? config.concurrency : ids.length * examples.length, ...(stopSignal === undefined ? {} : { stopSignal }) });
    if (this.limitMessage !== undefined) return this.finishAtLimit();
    this.throwIfHalted();
    if (this.signal.aborted || scores.size < ids.length) return this.stop();
    checkTestScored(ids, scores, examples.length, this.ctx.dir.dir);
    const means = new Map<number, number | undefined>();
    for (const [id, score] of scores) {
      means.set(id, testMean(score));
      this.countUngraded(score);
      this.logTest(id, score);
    }
    const comparisons = heldOutComparisons(new Map([...scores].map(([id, s]) => [id, s.results])), 0, config.seed);
    // The optimizer stops asking when every candidate has had its evaluations: say so, so that
    // an unspent budget is not a mystery.
    const spent = this.book.queries;
    return this.end('done', means, spent < config.budget ? `the search had no more candidates to try after ${spent} of ${config.budget} queries` : undefined, comparisons);
  }

  private logTest(id: number, score: EvaluationScore): void {
    this.ctx.dir.appendEvaluation({
      kind: 'test', seq: -1, round: -1, candidate: id, reason: 'test', repeats: 0, batches: [], correct: score.correct, total: score.total,
      failed: score.failed, score: testMean(score) ?? 0, queries: this.book.queries, results: score.results, time: new Date().toISOString(),
    });
  }

  private finishAtLimit(): RunResult {
    return this.end('done', new Map(), this.limitMessage);
  }

  private stop(): RunResult {
    return this.end(this.ctx.options.stoppedStatus ?? 'cancelled', new Map(), undefined);
  }

  /** Stops everything in flight; the run then ends with a RunFailedError (state saved by the orchestrator). */
  private halt(message: string): void {
    if (this.haltMessage !== undefined) return;
    this.haltMessage = message;
    this.limitStop.abort();
  }

  private throwIfHalted(): void {
    if (this.haltMessage !== undefined) throw new RunFailedError(this.haltMessage, this.ctx.dir.dir);
  }

  private end(status: RunResult['status'], tests: TestMeans, message: string | undefined, comparisons?: ReadonlyMap<number, HeldOutComparison>): RunResult {
    this.unobserve();
    this.ctx.tracker.stop();
    const usage = this.ctx.tracker.snapshot();
    this.ctx.emit({ type: 'usage', usage });
    const { portfolio, original } = this.recorder.portfolio(this.optimizer, this.book, this.candidates, tests, comparisons);
    const tested = tests.size > 0;
    const result = this.recorder.finish(status, { portfolio, original, usage, queries: this.book.queries, message, tested, failedGradings: this.failedGradings });
    if (status === 'done') {
      this.ctx.emit({ type: 'phase', phase: 'finished' });
      this.ctx.emit({ type: 'done', portfolio, original, usage, queries: this.book.queries, runDir: this.ctx.dir.dir, ...(this.failedGradings > 0 ? { failedGradings: this.failedGradings } : {}) });
    } else {
      this.ctx.emit({ type: 'cancelled', queries: this.book.queries, runDir: this.ctx.dir.dir });
    }
    return result;
  }
}

/**
 * A comparison without the original, or without any prompt scored, is no result: every
 * request of it failed (the breaker did not trip, so each failure was the item's own).
 */
function checkTestScored(ids: readonly number[], scores: ReadonlyMap<number, EvaluationScore>, examples: number, runDir: string): void {
  if (examples === 0) return;
  const unscored = ids.filter((id) => (scores.get(id)?.total ?? 0) === 0);
  if (!unscored.includes(0) && unscored.length < ids.length) return;
  const failure = [...scores.values()].find((s) => s.failure !== undefined)?.failure ?? 'no answer';
  const what = unscored.includes(0) ? 'the original prompt could not' : 'no prompt could';
  throw new RunFailedError(`${what} be scored on the test set: every request failed (${failure})`, runDir);
}
