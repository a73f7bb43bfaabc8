/**
 * Type guards for run events crossing into the webview: the panel validates everything it
 * receives, so a malformed or foreign message is dropped instead of breaking the view.
 */
import type { Verdict } from '../core/eval/pairedComparison';
import type { CandidateInfo, ExampleResult, HeldOutComparison, PortfolioItem, RunEvent, UsageSnapshot, ValidationPairing } from '../core/pipeline/runEvents';

type Rec = Record<string, unknown>;

const phases: ReadonlySet<string> = new Set(['loading', 'generating', 'embedding', 'estimating', 'searching', 'reevaluating', 'testing', 'finished']);

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';
const optNum = (v: unknown): boolean => v === undefined || num(v);
const optStr = (v: unknown): boolean => v === undefined || str(v);
const isBatchWait = (v: unknown): boolean => isRec(v) && str(v.id) && str(v.status) && num(v.done) && num(v.failed) && num(v.total);
const pair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && num(v[0]) && num(v[1]);

export function isUsageSnapshot(v: unknown): v is UsageSnapshot {
  return isRec(v) && num(v.requests) && num(v.promptTokens) && num(v.completionTokens) && optNum(v.costUsd) && num(v.cacheHits) && num(v.failures) &&
    (v.models === undefined || (Array.isArray(v.models) && v.models.every(isModelUsage)));
}

function isModelUsage(v: unknown): boolean {
  return isRec(v) && str(v.model) && num(v.requests) && num(v.promptTokens) && num(v.completionTokens) && optNum(v.costUsd);
}

export function isCandidateInfo(v: unknown): v is CandidateInfo {
  return isRec(v) && num(v.id) && str(v.text) && str(v.origin) && pair(v.xy);
}

export function isExampleResult(v: unknown): v is ExampleResult {
  return isRec(v) && num(v.exampleIndex) && str(v.output) && str(v.expected) && num(v.score) && typeof v.failed === 'boolean' && (v.ungraded === undefined || typeof v.ungraded === 'boolean') && optStr(v.detail);
}

const verdicts: ReadonlySet<string> = new Set<Verdict>(['better', 'no reliable difference', 'worse']);
const methods: ReadonlySet<string> = new Set<HeldOutComparison['method']>(['mcnemar-exact', 'paired-bootstrap']);

export function isHeldOutComparison(v: unknown): v is HeldOutComparison {
  return (
    isRec(v) && num(v.delta) && pair(v.interval) && num(v.pValue) && num(v.adjustedP) && str(v.verdict) && verdicts.has(v.verdict) &&
    num(v.pairedExamples) && str(v.method) && methods.has(v.method) && optNum(v.examplesNeeded)
  );
}

function isValidationPairing(v: unknown): v is ValidationPairing {
  return isRec(v) && num(v.delta) && num(v.pairedExamples);
}

export function isPortfolioItem(v: unknown): v is PortfolioItem {
  return (
    isRec(v) && num(v.candidateId) && str(v.text) && num(v.score) && pair(v.interval) && num(v.examples) && optNum(v.testScore) &&
    (v.test === undefined || isHeldOutComparison(v.test)) && (v.validationPaired === undefined || isValidationPairing(v.validationPaired))
  );
}

const eventChecks: Record<RunEvent['type'], (e: Rec) => boolean> = {
  phase: (e) => str(e.phase) && phases.has(e.phase) && optStr(e.detail),
  candidates: (e) => Array.isArray(e.candidates) && e.candidates.every(isCandidateInfo),
  evaluationStarted: (e) => num(e.candidateId) && num(e.query) && str(e.reason),
  evaluationFinished: (e) =>
    num(e.candidateId) && num(e.queries) && num(e.budget) && num(e.score) && num(e.examples) && num(e.failedExamples) && str(e.reason) &&
    (e.results === undefined || (Array.isArray(e.results) && e.results.every(isExampleResult))),
  newBest: (e) => num(e.candidateId) && num(e.score) && num(e.queries),
  usage: (e) => isUsageSnapshot(e.usage),
  warning: (e) => str(e.message),
  waiting: (e) => (e.reason === 'rateLimit' || e.reason === 'retry' || e.reason === 'batch') && num(e.seconds) && str(e.message) && (e.batch === undefined || isBatchWait(e.batch)),
  done: (e) =>
    Array.isArray(e.portfolio) && e.portfolio.every(isPortfolioItem) && isPortfolioItem(e.original) && isUsageSnapshot(e.usage) && num(e.queries) && str(e.runDir) && optNum(e.failedGradings),
  failed: (e) => str(e.message) && optStr(e.runDir),
  cancelled: (e) => num(e.queries) && optStr(e.runDir),
};

export function isRunEvent(v: unknown): v is RunEvent {
  if (!isRec(v) || !str(v.type) || !Object.hasOwn(eventChecks, v.type)) return false;
  return eventChecks[v.type as RunEvent['type']](v);
}
