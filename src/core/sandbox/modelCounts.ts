/**
 * The sandbox's chat counters per model: requests received (faulted ones included, as in
 * `requests.chat`) and the tokens of the normal answers, so a test can hold a run's usage
 * per model (chat, writer, judge) against what the endpoint really saw.
 */

/** One model's part of the chat traffic. */
export interface SandboxModelCount {
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

/** The `model` a chat body asks for, or '' when it names none (or is not JSON). */
export function chatModelOf(body: string): string {
  try {
    const model = (JSON.parse(body) as { model?: unknown }).model;
    return typeof model === 'string' ? model : '';
  } catch {
    return '';
  }
}

/** Adds to `model`'s counters in `counts`. */
export function countModel(counts: Record<string, SandboxModelCount>, model: string, requests: number, promptTokens = 0, completionTokens = 0): void {
  const seen = counts[model] ?? { requests: 0, promptTokens: 0, completionTokens: 0 };
  counts[model] = { requests: seen.requests + requests, promptTokens: seen.promptTokens + promptTokens, completionTokens: seen.completionTokens + completionTokens };
}
