/**
 * A run's summary as stored in `<runDir>/run.json`: enough for the history view without
 * reading the run's evaluations. Never holds secrets.
 */

import type { HeldOutComparison } from '../pipeline/runEvents';
import { isHeldOutComparison } from '../../shared/runEventGuards';
import { parseJsonObject } from './jsonObject';

export type RunRecordStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface PortfolioEntry {
  readonly text: string;
  readonly score: number;
  readonly testScore: number | undefined;
  /** The held-out verdict against the original; absent when untested (or in older records). */
  readonly test?: HeldOutComparison;
}

export interface RunRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly status: RunRecordStatus;
  readonly promptSource: string;
  readonly datasetSource: string;
  readonly simulated: boolean;
  readonly originalScore: number | undefined;
  readonly originalTestScore: number | undefined;
  /** How many held-out examples the test scores are over (when the run was tested). */
  readonly testExamples: number | undefined;
  readonly bestScore: number | undefined;
  readonly portfolio: readonly PortfolioEntry[];
}

const statuses: ReadonlySet<string> = new Set<RunRecordStatus>(['running', 'done', 'failed', 'cancelled', 'interrupted']);

/** Parses a run.json body; returns an error message instead of throwing on bad content. */
export function parseRunRecord(json: string): RunRecord | string {
  const v = parseJsonObject(json);
  if (typeof v === 'string') return v;
  for (const key of ['id', 'createdAt', 'promptSource', 'datasetSource'] as const) {
    if (typeof v[key] !== 'string') return `field "${key}" must be a string`;
  }
  if (typeof v.status !== 'string' || !statuses.has(v.status)) return 'field "status" is not a known run status';
  if (!Array.isArray(v.portfolio)) return 'field "portfolio" must be an array';
  const portfolio: PortfolioEntry[] = [];
  for (const [i, entry] of v.portfolio.entries()) {
    const e = entry as Record<string, unknown> | null;
    if (!e || typeof e.text !== 'string' || typeof e.score !== 'number') return `portfolio[${i}] needs "text" and "score"`;
    const base = { text: e.text, score: e.score, testScore: optionalNumber(e.testScore) };
    portfolio.push(isHeldOutComparison(e.test) ? { ...base, test: e.test } : base);
  }
  return {
    id: v.id as string,
    createdAt: v.createdAt as string,
    status: v.status as RunRecordStatus,
    promptSource: v.promptSource as string,
    datasetSource: v.datasetSource as string,
    simulated: v.simulated === true,
    originalScore: optionalNumber(v.originalScore),
    originalTestScore: optionalNumber(v.originalTestScore),
    testExamples: optionalNumber(v.testExamples),
    bestScore: optionalNumber(v.bestScore),
    portfolio,
  };
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
