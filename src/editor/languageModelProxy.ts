import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { LanguageModelSet } from './languageModelModels';

/**
 * Serves a chat model the user already has in VS Code (Language Model API) as a loopback
 * OpenAI-compatible endpoint, so the pipeline's one `openai` client path also drives it.
 * Only /v1/chat/completions is served; embeddings fall back to local lexical ones. A random
 * bearer token, known only to this extension host, keeps other local processes out. Each
 * request goes to the model its `model` names (the chat model, or the judge or writer model
 * by id or family, languageModelModels.ts); a name VS Code has no model for gets a 404
 * `model_not_found`, as from a real endpoint, so the run stops at its first call.
 */
export interface LanguageModelEndpoint extends vscode.Disposable {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly modelName: string;
  /** The chat model and the others requests may name. */
  readonly models: LanguageModelSet;
}

interface ChatBody {
  model?: unknown;
  messages?: { role?: string; content?: unknown }[];
  n?: number;
}

/**
 * Picks a chat model (of the `family` chosen, or the first VS Code offers when none is) and
 * starts the proxy; undefined when there is no such model (never another family instead).
 */
export async function startLanguageModelEndpoint(family: string, log: vscode.LogOutputChannel): Promise<LanguageModelEndpoint | undefined> {
  const [model] = await vscode.lm.selectChatModels(family ? { family } : {});
  if (!model) return undefined;
  const apiKey = randomBytes(24).toString('hex');
  const models = new LanguageModelSet(model);
  const server = http.createServer((req, res) => void handle(req, res, models, apiKey, log));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  log.info(`Language Model API endpoint for ${model.name} on 127.0.0.1:${port}`);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    modelName: model.id,
    models,
    dispose: () => void server.close(),
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, models: LanguageModelSet, apiKey: string, log: vscode.LogOutputChannel): Promise<void> {
  if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(res, 401, { error: { message: 'unauthorized' } });
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return reply(res, 404, { error: { message: 'only chat completions are served' } });
  const cancel = new vscode.CancellationTokenSource();
  res.on('close', () => cancel.cancel());
  try {
    const body = JSON.parse(await readBody(req)) as ChatBody;
    const name = typeof body.model === 'string' ? body.model : undefined;
    const model = await models.resolve(name);
    if (model === undefined) {
      const message = `VS Code's Language Model API has no chat model with the id or family "${name ?? ''}"`;
      return reply(res, 404, { error: { message, type: 'invalid_request_error', code: 'model_not_found' } });
    }
    const messages = (body.messages ?? []).map(toLanguageModelMessage);
    const choices = [];
    let completionTokens = 0;
    for (let i = 0; i < Math.max(1, Math.min(8, body.n ?? 1)); i++) {
      const response = await model.sendRequest(messages, { justification: 'ZOPO evaluates and rewrites your prompt.' }, cancel.token);
      let text = '';
      for await (const part of response.text) text += part;
      completionTokens += await model.countTokens(text, cancel.token);
      choices.push({ index: i, message: { role: 'assistant', content: text }, finish_reason: 'stop' });
    }
    const promptTokens = await countMessages(model, messages, cancel.token);
    reply(res, 200, {
      id: `vscode-lm-${Date.now()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: model.id,
      choices,
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  } catch (error) {
    const status = error instanceof vscode.LanguageModelError && error.code === vscode.LanguageModelError.Blocked.name ? 429 : 500;
    log.warn(`Language Model API request failed: ${(error as Error).message}`);
    reply(res, status, { error: { message: (error as Error).message } });
  } finally {
    cancel.dispose();
  }
}

function toLanguageModelMessage(m: { role?: string; content?: unknown }): vscode.LanguageModelChatMessage {
  const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
  // The Language Model API has no system role: system text goes first as a user turn.
  return m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(text) : vscode.LanguageModelChatMessage.User(text);
}

async function countMessages(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], token: vscode.CancellationToken): Promise<number> {
  let total = 0;
  for (const m of messages) total += await model.countTokens(m, token);
  return total;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > 8_000_000) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
