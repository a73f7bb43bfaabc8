/**
 * The panel's picture of a run, folded from run events. Pure (no DOM), so it is unit-tested in
 * Node and survives a reload as a plain-JSON snapshot in webview state.
 */
import type { CandidateInfo, PortfolioItem, RunEvent, RunPhase, UsageSnapshot } from '../core/pipeline/runEvents';

export interface CandidateRow {
  readonly id: number;
  readonly text: string;
  readonly origin: string;
  readonly xy: readonly [number, number];
  /** Summed score and examples over every evaluation of this candidate. */
  correct: number;
  examples: number;
  failedExamples: number;
  evaluations: number;
}

export interface TracePoint {
  readonly query: number;
  readonly score: number;
  readonly best: number;
  readonly candidateId: number;
}

export type Outcome = 'running' | 'done' | 'failed' | 'cancelled';

export interface RunModel {
  phase: RunPhase | undefined;
  phaseDetail: string | undefined;
  outcome: Outcome;
  queries: number;
  budget: number;
  usage: UsageSnapshot | undefined;
  /** Outputs the LLM judge could not grade (left out of the scores). Absent in a state saved before it existed. */
  failedGradings?: number;
  candidates: CandidateRow[];
  trace: TracePoint[];
  /** Candidate ids in the order they were first evaluated: the search path on the map. */
  path: number[];
  portfolio: PortfolioItem[];
  original: PortfolioItem | undefined;
  warnings: string[];
  /** The endpoint wait the run is in (rate limited, retrying), with when it ends (model time). */
  waiting: { readonly message: string; readonly until: number } | undefined;
  message: string | undefined;
  startedAt: number | undefined;
  updatedAt: number | undefined;
}

export function emptyModel(): RunModel {
  return {
    phase: undefined, phaseDetail: undefined, outcome: 'running', queries: 0, budget: 0, usage: undefined,
    candidates: [], trace: [], path: [], portfolio: [], original: undefined, warnings: [], waiting: undefined, message: undefined,
    startedAt: undefined, updatedAt: undefined,
  };
}

/** Folds a batch of events into the model, in place; `now` timestamps progress for the ETA. */
export function applyEvents(model: RunModel, events: readonly RunEvent[], now: number): RunModel {
  for (const event of events) applyEvent(model, event, now);
  return model;
}

function applyEvent(m: RunModel, e: RunEvent, now: number): void {
  // A wait is over once its time has passed, or the run has ended.
  if (m.waiting !== undefined && (now >= m.waiting.until || e.type === 'done' || e.type === 'failed' || e.type === 'cancelled')) m.waiting = undefined;
  switch (e.type) {
    case 'phase':
      m.phase = e.phase;
      m.phaseDetail = e.detail;
      m.startedAt ??= now;
      break;
    case 'candidates':
      addCandidates(m, e.candidates);
      break;
    case 'evaluationStarted':
      break;
    case 'evaluationFinished':
      recordEvaluation(m, e, now);
      break;
    case 'newBest':
      break;
    case 'usage':
      m.usage = e.usage;
      break;
    case 'warning':
      if (m.warnings.length < 200) m.warnings.push(e.message);
      break;
    case 'waiting':
      m.waiting = { message: e.message, until: now + e.seconds * 1000 };
      break;
    case 'done':
      m.outcome = 'done';
      m.portfolio = [...e.portfolio];
      m.original = e.original;
      m.usage = e.usage;
      m.queries = e.queries;
      if (e.failedGradings !== undefined) m.failedGradings = e.failedGradings;
      break;
    case 'failed':
      m.outcome = 'failed';
      m.message = e.message;
      break;
    case 'cancelled':
      m.outcome = 'cancelled';
      m.queries = e.queries;
      break;
  }
}

function addCandidates(m: RunModel, list: readonly CandidateInfo[]): void {
  for (const c of list) {
    m.candidates[c.id] = { id: c.id, text: c.text, origin: c.origin, xy: c.xy, correct: 0, examples: 0, failedExamples: 0, evaluations: 0 };
  }
}

function recordEvaluation(m: RunModel, e: Extract<RunEvent, { type: 'evaluationFinished' }>, now: number): void {
  m.queries = e.queries;
  m.budget = e.budget;
  m.updatedAt = now;
  m.startedAt ??= now;
  const row = m.candidates[e.candidateId];
  if (row) {
    if (row.evaluations === 0) m.path.push(e.candidateId);
    row.correct += e.score * e.examples;
    row.examples += e.examples;
    row.failedExamples += e.failedExamples;
    row.evaluations += 1;
  }
  const ungraded = e.results?.filter((r) => r.ungraded === true).length ?? 0;
  if (ungraded > 0) m.failedGradings = (m.failedGradings ?? 0) + ungraded;
  const previous = m.trace.length ? (m.trace[m.trace.length - 1]?.best ?? 0) : -Infinity;
  m.trace.push({ query: e.queries, score: e.score, best: Math.max(previous, e.score), candidateId: e.candidateId });
}

/** Mean score of a candidate over all its evaluated examples; undefined if never evaluated. */
export function meanScore(row: CandidateRow): number | undefined {
  return row.examples > 0 ? row.correct / row.examples : undefined;
}

/** Seconds left, from the pace of queries so far; undefined until there is a pace. */
export function etaSeconds(m: RunModel): number | undefined {
  if (m.startedAt === undefined || m.updatedAt === undefined || m.queries === 0 || m.budget <= m.queries) return undefined;
  const perQuery = (m.updatedAt - m.startedAt) / m.queries;
  return ((m.budget - m.queries) * perQuery) / 1000;
}

export type SortKey = 'score' | 'examples' | 'failed' | 'id';

/** Evaluated candidates sorted for the table; at most `limit` rows so huge runs stay cheap. */
export function evaluatedRows(m: RunModel, key: SortKey, descending: boolean, limit: number): CandidateRow[] {
  const rows = m.candidates.filter((r): r is CandidateRow => r !== undefined && r.evaluations > 0);
  const value = (r: CandidateRow): number =>
    key === 'score' ? (meanScore(r) ?? 0) : key === 'examples' ? r.examples : key === 'failed' ? r.failedExamples : r.id;
  rows.sort((a, b) => (descending ? value(b) - value(a) : value(a) - value(b)) || a.id - b.id);
  return rows.slice(0, limit);
}

/** A snapshot for webview state: `candidates` may be sparse, so holes become nulls in JSON. */
export function isRunModel(v: unknown): v is RunModel {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return Array.isArray(m.candidates) && Array.isArray(m.trace) && Array.isArray(m.path) && typeof m.queries === 'number';
}

/** Restores a snapshot, turning JSON nulls back into holes. */
export function restoreModel(snapshot: RunModel): RunModel {
  const model = { ...emptyModel(), ...snapshot };
  model.candidates = [];
  for (const row of snapshot.candidates as (CandidateRow | null)[]) if (row) model.candidates[row.id] = row;
  return model;
}
