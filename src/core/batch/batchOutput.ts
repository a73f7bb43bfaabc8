/**
 * Reading a finished batch back: the lines of its output and error files, by custom_id. A
 * line is answered (a 200 and its body), failed (another status, or an error the line
 * itself caused), or missing: never run because the batch expired, was cancelled or failed
 * (such lines are submitted again, the others never are).
 */
import type { AttemptFailure } from '../llm/failureBreaker';
import type { FailureKind } from '../llm/llmTypes';

/** What one line of a batch came to. */
export type LineOutcome =
  | { readonly kind: 'answered'; readonly body: unknown }
  | { readonly kind: 'failed'; readonly failure: AttemptFailure }
  | { readonly kind: 'missing'; readonly reason: string };

/** Error codes of lines the endpoint never ran. */
const NOT_RUN = new Set(['batch_expired', 'batch_cancelled', 'batch_failed']);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function kindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rateLimit';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'notFound';
  if (status === 400 || status === 422) return 'invalidRequest';
  return 'client';
}

/** The outcome of one JSONL line of an output or error file, or undefined for a line that is not one. */
export function parseOutcomeLine(raw: string, batchId: string): { customId: string; outcome: LineOutcome } | undefined {
  let line: unknown;
  try {
    line = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const customId = field(line, 'custom_id');
  if (typeof customId !== 'string') return undefined;
  const response = field(line, 'response');
  const error = field(line, 'error');
  const status = Number(field(response, 'status_code'));
  if (response !== null && response !== undefined && status === 200) return { customId, outcome: { kind: 'answered', body: field(response, 'body') } };
  const code = text(field(error, 'code')) ?? '';
  if (NOT_RUN.has(code)) return { customId, outcome: { kind: 'missing', reason: text(field(error, 'message')) ?? code } };
  const bodyError = field(field(response, 'body'), 'error');
  const message = text(field(bodyError, 'message')) ?? text(field(error, 'message')) ?? 'no message';
  const failure: AttemptFailure = Number.isFinite(status) && status > 0
    ? { kind: kindOfStatus(status), fatal: false, status, message: `batch ${batchId}, line ${customId.slice(0, 12)}: ${status} ${message}` }
    : { kind: 'server', fatal: false, message: `batch ${batchId}, line ${customId.slice(0, 12)}: ${code || 'error'} ${message}` };
  return { customId, outcome: { kind: 'failed', failure } };
}

/** The outcomes of the lines in the output and error files' texts. */
export function readOutcomes(texts: readonly string[], batchId: string): Map<string, LineOutcome> {
  const out = new Map<string, LineOutcome>();
  for (const file of texts) {
    for (const raw of file.split('\n')) {
      if (raw.trim() === '') continue;
      const parsed = parseOutcomeLine(raw, batchId);
      if (parsed !== undefined) out.set(parsed.customId, parsed.outcome);
    }
  }
  return out;
}
