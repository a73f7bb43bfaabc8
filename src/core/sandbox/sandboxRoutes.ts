/**
 * Request parsing and response bodies of the sandbox's OpenAI-compatible endpoints.
 * Responses carry realistic `usage` (gpt-tokenizer counts) and `"simulated": true`.
 */
import { tokenizer } from '../cost/tokenizer';
import { countChatTokens, countTokens } from '../cost/tokenCount';
import { fnv1a } from '../llm/hashedFeatures';
import type { ChatResponder } from './chatResponder';
import { sandboxEmbedding, toBase64Float32 } from './sandboxEmbeddings';

/** A body the endpoint could not use, with the reason for a 400. */
export class BadRequest extends Error {}

/** Usage of one response, as reported in its body. */
export interface ServedUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A response body and the usage it reports. */
export interface RouteResult {
  readonly body: Record<string, unknown>;
  readonly usage: ServedUsage;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part: unknown) => {
      const text = typeof part === 'object' && part !== null ? (part as Record<string, unknown>).text : undefined;
      return typeof text === 'string' ? text : '';
    }).join('');
  }
  if (content === null || content === undefined) return '';
  throw new BadRequest('message content must be a string or an array of parts');
}

function parseMessages(value: unknown): { role: string; content: string }[] {
  if (!Array.isArray(value) || value.length === 0) throw new BadRequest('messages must be a non-empty array');
  return value.map((m) => {
    const message = record(m, 'each message');
    if (typeof message.role !== 'string') throw new BadRequest('each message needs a role');
    return { role: message.role, content: contentText(message.content) };
  });
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Cuts `text` to `maxTokens` tokens; returns the text and whether it was cut. */
function truncate(text: string, maxTokens: number | undefined): { text: string; cut: boolean } {
  if (maxTokens === undefined) return { text, cut: false };
  const tokens = tokenizer().encode(text, { disallowedSpecial: new Set() });
  if (tokens.length <= maxTokens) return { text, cut: false };
  return { text: tokenizer().decode(tokens.slice(0, maxTokens)), cut: true };
}

/** POST /v1/chat/completions. */
export function chatCompletion(raw: unknown, responder: ChatResponder): RouteResult {
  const req = record(raw, 'the body');
  const messages = parseMessages(req.messages);
  const model = typeof req.model === 'string' ? req.model : 'sandbox';
  const n = Math.min(8, Math.max(1, Math.floor(numberOr(req.n, 1))));
  const maxRaw = req.max_completion_tokens ?? req.max_tokens;
  const maxTokens = typeof maxRaw === 'number' ? maxRaw : undefined;
  let completionTokens = 0;
  const choices = Array.from({ length: n }, (_, index) => {
    const reply = responder.respond({
      messages,
      temperature: numberOr(req.temperature, 1),
      seed: numberOr(req.seed, 0),
      choice: index,
    });
    const { text, cut } = truncate(reply, maxTokens);
    completionTokens += countTokens(text);
    const message = { role: 'assistant', content: text, refusal: null };
    return { index, message, finish_reason: cut ? 'length' : 'stop', logprobs: null };
  });
  const promptTokens = countChatTokens(messages);
  const id = `chatcmpl-sim-${fnv1a(JSON.stringify(messages)).toString(16)}`;
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  return {
    body: {
      id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
      choices, usage, system_fingerprint: 'zopo-sandbox', simulated: true,
    },
    usage: { promptTokens, completionTokens },
  };
}

/** POST /v1/embeddings (float or base64 encoding). */
export function embeddings(raw: unknown, dim: number): RouteResult {
  const req = record(raw, 'the body');
  const input: unknown = req.input;
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input : undefined;
  if (texts === undefined || texts.length === 0 || !texts.every((t): t is string => typeof t === 'string')) {
    throw new BadRequest('input must be a string or a non-empty array of strings');
  }
  const base64 = req.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = sandboxEmbedding(text, dim);
    return { object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector };
  });
  const promptTokens = texts.reduce((sum, t) => sum + countTokens(t), 0);
  return {
    body: {
      object: 'list', data, model: typeof req.model === 'string' ? req.model : 'sandbox-embedding',
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens }, simulated: true,
    },
    usage: { promptTokens, completionTokens: 0 },
  };
}

/** GET /v1/models. */
export function modelList(): RouteResult {
  const model = (id: string): Record<string, unknown> => ({ id, object: 'model', created: 0, owned_by: 'zopo-sandbox' });
  const body = { object: 'list', data: [model('sandbox'), model('sandbox-embedding')], simulated: true };
  return { body, usage: { promptTokens: 0, completionTokens: 0 } };
}
