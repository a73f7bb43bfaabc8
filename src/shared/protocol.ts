/**
 * The one message protocol between the extension host and the optimization panel's webview.
 * Imported by both bundles; imports neither `vscode` nor the DOM. Everything received on
 * either side goes through the type guards below before it is used.
 */

import type { ExampleResult, RunEvent } from '../core/pipeline/runEvents';
import { isExampleResult, isRunEvent } from './runEventGuards';

export type RunStatus = 'setup' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PromptSummary {
  /** Where the prompt lives, for display: a workspace-relative path and line. */
  readonly source: string;
  readonly text: string;
}

export interface DatasetSummary {
  readonly source: string;
  /** Null until the file has been parsed. */
  readonly rows: number | null;
  readonly fields: readonly string[];
}

export interface SettingsSummary {
  readonly provider: string;
  readonly model: string;
  readonly budget: number;
  readonly validationSize: number;
  readonly concurrency: number;
  /** How outputs are scored, for people: "exact", "judge (gpt-4o, rubric)". */
  readonly metricLabel?: string;
  /** The model writing the candidates, when it is not the chat model. */
  readonly generatorModel?: string;
}

/** Everything the panel shows; the webview keeps it with setState so a reload restores it. */
export interface PanelView {
  readonly title: string;
  readonly status: RunStatus;
  /** True when results come from the offline sandbox model: always labelled in the UI. */
  readonly simulated: boolean;
  readonly prompt: PromptSummary;
  readonly dataset: DatasetSummary | undefined;
  readonly settings: SettingsSummary;
  readonly message: string | undefined;
}

export type HostMessage =
  | { readonly type: 'view'; readonly view: PanelView }
  /** A batch of run events; `reset` replaces what the panel had (a replay after a reload). */
  | { readonly type: 'events'; readonly reset: boolean; readonly events: readonly RunEvent[] }
  /** Per-example results of one candidate, answering a `details` request. */
  | { readonly type: 'details'; readonly candidateId: number; readonly results: readonly ExampleResult[] };

/** What the panel's buttons ask of the host. Candidate actions name the candidate by id. */
export type CandidateAction = 'apply' | 'diff' | 'copy' | 'details';

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'copyPrompt' }
  /** "Change metric…" in the Set-up section: the host runs ZOPO: Choose Metric. */
  | { readonly type: 'chooseMetric' }
  | { readonly type: 'cancel' }
  | { readonly type: 'candidate'; readonly action: CandidateAction; readonly candidateId: number };

const runStatuses: ReadonlySet<string> = new Set<RunStatus>(['setup', 'running', 'done', 'failed', 'cancelled']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPromptSummary(value: unknown): value is PromptSummary {
  return isRecord(value) && typeof value.source === 'string' && typeof value.text === 'string';
}

function isDatasetSummary(value: unknown): value is DatasetSummary {
  return (
    isRecord(value) &&
    typeof value.source === 'string' &&
    (value.rows === null || typeof value.rows === 'number') &&
    Array.isArray(value.fields) &&
    value.fields.every((f) => typeof f === 'string')
  );
}

function isSettingsSummary(value: unknown): value is SettingsSummary {
  return (
    isRecord(value) &&
    typeof value.provider === 'string' &&
    typeof value.model === 'string' &&
    typeof value.budget === 'number' &&
    typeof value.validationSize === 'number' &&
    typeof value.concurrency === 'number'
  );
}

/** Validates a panel view, e.g. one restored from webview state after a reload. */
export function isPanelView(value: unknown): value is PanelView {
  return (
    isRecord(value) &&
    typeof value.title === 'string' &&
    typeof value.status === 'string' &&
    runStatuses.has(value.status) &&
    typeof value.simulated === 'boolean' &&
    isPromptSummary(value.prompt) &&
    (value.dataset === undefined || isDatasetSummary(value.dataset)) &&
    isSettingsSummary(value.settings) &&
    (value.message === undefined || typeof value.message === 'string')
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'view':
      return isPanelView(value.view);
    case 'events':
      return typeof value.reset === 'boolean' && Array.isArray(value.events) && value.events.every(isRunEvent);
    case 'details':
      return typeof value.candidateId === 'number' && Array.isArray(value.results) && value.results.every(isExampleResult);
    default:
      return false;
  }
}

const candidateActions: ReadonlySet<string> = new Set<CandidateAction>(['apply', 'diff', 'copy', 'details']);

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'copyPrompt':
    case 'chooseMetric':
    case 'cancel':
      return true;
    case 'candidate':
      return typeof value.action === 'string' && candidateActions.has(value.action) && Number.isInteger(value.candidateId);
    default:
      return false;
  }
}
