/**
 * One attempt of a chat or embeddings request through the `openai` package, with the
 * package's own retries off (maxRetries 0): retries, backoff and Retry-After are ours, so
 * that they are abortable, counted, and testable with short delays. Responses are checked
 * for shape, so a 200 with a wrong body counts as malformed.
 */
import OpenAI from 'openai';
import { MalformedResponseError } from './errorClassifier';
import { createNodeFetch } from './nodeFetch';
import type { ChatRequest, ChatValue, EmbeddingValue } from './llmTypes';

/**
 * The openai client for a base URL and key, with its own retrying disabled. Its timeout is a
 * backstop a second behind ours (LlmClient's per-attempt timer), whose error says how long.
 */
export function createOpenAIClient(apiKey: string, baseUrl: string | undefined, timeoutMs: number, idleTimeoutMs: number): OpenAI {
  return new OpenAI({
    apiKey,
    ...(baseUrl ? { baseURL: baseUrl } : {}),
    maxRetries: 0,
    timeout: timeoutMs + 1000,
    // The CLI runs in Node, the extension host too; never in a browser page.
    dangerouslyAllowBrowser: false,
    logLevel: 'off',
    // The SDK reads only status, headers, text()/json() and (when streaming) body of a
    // response, all of which BufferedResponse has.
    fetch: createNodeFetch({ idleTimeoutMs }) as unknown as typeof fetch,
  });
}

/** The body of a chat completion request (also one line of a batch input file). */
export function chatRequestBody(model: string, request: ChatRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  const p = request.params ?? {};
  return {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: p.temperature ?? 0,
    ...(p.maxTokens === undefined ? {} : { max_tokens: p.maxTokens }),
    ...(p.seed === undefined ? {} : { seed: p.seed }),
    ...(p.n === undefined ? {} : { n: p.n }),
    ...(p.stop === undefined ? {} : { stop: [...p.stop] }),
  };
}

/** Sends one chat completion request. */
export async function sendChat(client: OpenAI, model: string, request: ChatRequest, signal: AbortSignal): Promise<ChatValue> {
  const response: unknown = await client.chat.completions.create(chatRequestBody(model, request), { signal, maxRetries: 0 });
  return parseChat(response);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Checks and reads a chat completion body. */
export function parseChat(response: unknown): ChatValue {
  const choices = field(response, 'choices');
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedResponseError('no choices');
  const texts = choices.map((c) => {
    const content = field(field(c, 'message'), 'content');
    if (typeof content !== 'string') throw new MalformedResponseError('a choice has no text content');
    return content;
  });
  const finishReasons = choices.map((c) => {
    const reason = field(c, 'finish_reason');
    return typeof reason === 'string' ? reason : 'stop';
  });
  const usage = field(response, 'usage');
  const promptTokens = Number(field(usage, 'prompt_tokens') ?? 0);
  const completionTokens = Number(field(usage, 'completion_tokens') ?? 0);
  return { texts, finishReasons, promptTokens, completionTokens };
}

/** Sends one embeddings request for `inputs` (float encoding, so any server understands it). */
export async function sendEmbeddings(
  client: OpenAI,
  model: string,
  inputs: readonly string[],
  signal: AbortSignal,
): Promise<EmbeddingValue> {
  const response: unknown = await client.embeddings.create(
    { model, input: [...inputs], encoding_format: 'float' },
    { signal, maxRetries: 0 },
  );
  const data = field(response, 'data');
  if (!Array.isArray(data) || data.length !== inputs.length) throw new MalformedResponseError('wrong number of embeddings');
  const vectors: Float32Array[] = new Array<Float32Array>(inputs.length);
  for (const item of data) {
    const index = Number(field(item, 'index'));
    const embedding = field(item, 'embedding');
    if (!Array.isArray(embedding) || !(index >= 0 && index < inputs.length)) throw new MalformedResponseError('bad embedding');
    vectors[index] = Float32Array.from(embedding, Number);
  }
  // A sparse array's holes are skipped by .some, so check every index.
  for (let i = 0; i < vectors.length; i++) if (vectors[i] === undefined) throw new MalformedResponseError('missing embedding');
  return { vectors, promptTokens: Number(field(field(response, 'usage'), 'prompt_tokens') ?? 0) };
}
