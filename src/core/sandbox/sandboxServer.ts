/**
 * The offline sandbox model as a loopback OpenAI-compatible HTTP server (127.0.0.1, a free
 * port): POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models. Faults (latency,
 * 429 with Retry-After, 5xx, malformed bodies, dropped connections) are configurable at
 * start and at run time, and every request is counted per endpoint. The faults a real
 * endpoint shows when it is down or misconfigured are there too: a request never answered,
 * a body dripped one byte at a time, 401, 404, 400, `choices: []` and a reset connection.
 *
 * The protocol of a chat request, in order of precedence:
 * 1. An APE meta-prompt ("I gave a friend an instruction ... The instruction was to")
 *    gets a proposed instruction; a request to rewrite an instruction (paraphrase, more
 *    specific, add output-format rules, shorter) gets a rewrite. "Write 5 ..." gets a
 *    numbered list; `n` gives several choices. Proposals are drawn from a seed derived from
 *    the request text, temperature, `seed` and choice index.
 * 2. Otherwise, if a dataset input given at start occurs in the last user message, the
 *    answer is that item's expected output, exactly, with the probability that the
 *    instruction earns (see accuracyModel.ts); the "instruction" is every message's text
 *    with the input cut out. Otherwise it is a plausible wrong answer. Temperature 0 is
 *    fully deterministic; above 0, `seed` and the choice index re-draw the coin.
 * 3. Anything else gets a fixed reply saying the model is simulated.
 * Every response has the header `x-simulated: true` and the body field `"simulated": true`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ChatResponder } from './chatResponder';
import { FaultInjector } from './faultInjector';
import { isBatchPath, SandboxBatches } from './sandboxBatches';
import { SANDBOX_EMBEDDING_DIM } from './sandboxEmbeddings';
import { chatModelOf, countModel } from './modelCounts';
import { refusesModel } from './servedModels';
import { dripResponse, dropMidResponse, readBody, resetConnection, sendError, sendJson, sendMalformed } from './sandboxHttp';
import { BadRequest, chatCompletion, embeddings, modelList, type RouteResult } from './sandboxRoutes';
import type { SandboxEndpoint, SandboxFaultKind, SandboxHandle, SandboxOptions, SandboxStats } from './sandboxTypes';

function emptyStats(): SandboxStats {
  return {
    requests: { chat: 0, embeddings: 0, models: 0, other: 0 },
    succeeded: 0, rateLimited: 0, serverErrors: 0, malformed: 0, dropped: 0,
    hung: 0, dripped: 0, unauthorized: 0, notFound: 0, badRequests: 0, contextLength: 0, emptyChoices: 0, resets: 0,
    inFlight: 0, maxInFlight: 0, promptTokens: 0, completionTokens: 0, chatByModel: {},
  };
}

function endpointOf(req: IncomingMessage): SandboxEndpoint {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (req.method === 'POST' && path === '/v1/embeddings') return 'embeddings';
  if (req.method === 'GET' && path === '/v1/models') return 'models';
  return 'other';
}

/** Everything one running server shares between requests. */
interface ServerState {
  readonly stats: SandboxStats;
  readonly faults: FaultInjector;
  readonly responder: ChatResponder;
  readonly embeddingDim: number;
  readonly timers: Set<NodeJS.Timeout>;
  readonly batches: SandboxBatches;
  /** Chat models served (servedModels.ts); undefined: all. */
  readonly models: readonly string[] | undefined;
}

function wait(state: ServerState, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve();
    }, ms);
    state.timers.add(timer);
  });
}

function route(endpoint: SandboxEndpoint, body: string, state: ServerState): RouteResult {
  if (endpoint === 'models') return modelList();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest('the body is not valid JSON');
  }
  return endpoint === 'chat' ? chatCompletion(parsed, state.responder) : embeddings(parsed, state.embeddingDim);
}

/**
 * Sends the fault's reply when it needs no response body; true if it did. A hung request
 * gets nothing at all: its socket stays open until the client gives up or the server closes.
 */
function earlyFault(res: ServerResponse, fault: SandboxFaultKind, state: ServerState): boolean {
  const { stats, faults } = state;
  switch (fault) {
    case 'rateLimit':
      stats.rateLimited++;
      sendError(res, 429, 'Rate limit reached', 'rate_limit_error', { 'retry-after': String(faults.retryAfterSeconds()) });
      return true;
    case 'serverError':
      stats.serverErrors++;
      sendError(res, stats.serverErrors % 2 === 1 ? 500 : 503, 'The server had an error', 'server_error');
      return true;
    case 'unauthorized':
      stats.unauthorized++;
      sendError(res, 401, 'Incorrect API key provided', 'invalid_request_error', {}, 'invalid_api_key');
      return true;
    case 'notFound':
      stats.notFound++;
      sendError(res, 404, 'The model does not exist or you do not have access to it', 'invalid_request_error', {}, 'model_not_found');
      return true;
    case 'badRequest':
      stats.badRequests++;
      sendError(res, 400, 'Unrecognized request argument supplied', 'invalid_request_error');
      return true;
    case 'contextLength':
      stats.contextLength++;
      sendError(res, 400, "This model's maximum context length is 128 tokens", 'invalid_request_error', {}, 'context_length_exceeded');
      return true;
    case 'hang':
      stats.hung++;
      return true;
    case 'reset':
      stats.resets++;
      resetConnection(res);
      return true;
    default:
      return false;
  }
}

function respond(res: ServerResponse, endpoint: SandboxEndpoint, body: string, state: ServerState): void {
  const { stats, faults } = state;
  const fault = faults.next();
  if (earlyFault(res, fault, state)) return;
  if (endpoint === 'chat' && refusesModel(body, state.models)) {
    stats.notFound++;
    sendError(res, 404, 'The model does not exist or you do not have access to it', 'invalid_request_error', {}, 'model_not_found');
    return;
  }
  const result = route(endpoint, body, state);
  const payload = result.body;
  if (fault === 'malformed') {
    stats.malformed++;
    sendMalformed(res, payload);
  } else if (fault === 'drop') {
    stats.dropped++;
    dropMidResponse(res, payload);
  } else if (fault === 'drip') {
    stats.dripped++;
    dripResponse(res, payload, faults.dripIntervalMs(), (timer) => state.timers.add(timer));
  } else if (fault === 'emptyChoices') {
    stats.emptyChoices++;
    sendJson(res, 200, { ...payload, ...(endpoint === 'chat' ? { choices: [] } : { data: [] }) });
  } else {
    stats.succeeded++;
    stats.promptTokens += result.usage.promptTokens;
    stats.completionTokens += result.usage.completionTokens;
    if (endpoint === 'chat') countModel(stats.chatByModel, chatModelOf(body), 0, result.usage.promptTokens, result.usage.completionTokens);
    sendJson(res, 200, payload);
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, state: ServerState): Promise<void> {
  // The Batch API has counters of its own (state.batches.stats) and no injected faults.
  if (isBatchPath(req)) return state.batches.handle(req, res, await readBody(req));
  const endpoint = endpointOf(req);
  state.stats.requests[endpoint]++;
  if (endpoint === 'other') {
    sendError(res, 404, `No route for ${req.method ?? ''} ${req.url ?? ''}`, 'invalid_request_error');
    return;
  }
  const body = await readBody(req);
  if (endpoint === 'chat') countModel(state.stats.chatByModel, chatModelOf(body), 1);
  await wait(state, state.faults.delayMs());
  if (res.destroyed) return;
  try {
    respond(res, endpoint, body, state);
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    sendError(res, 400, error.message, 'invalid_request_error');
  }
}

function track(state: ServerState, res: ServerResponse): void {
  const stats = state.stats;
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    stats.inFlight--;
  };
  res.on('finish', finish);
  res.on('close', finish);
}

/** Starts a sandbox server; resolves once it listens. */
export function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const seed = options.seed ?? 1;
  const responder = new ChatResponder(options.datasets ?? [], seed, options.judge);
  const state: ServerState = {
    stats: emptyStats(),
    faults: new FaultInjector(options.faults ?? {}, seed),
    responder,
    embeddingDim: options.embeddingDim ?? SANDBOX_EMBEDDING_DIM,
    timers: new Set(),
    batches: new SandboxBatches(options.batches ?? {}, responder),
    models: options.models,
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    track(state, res);
    handle(req, res, state).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'Sandbox failure', 'server_error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(makeHandle(`http://127.0.0.1:${port}/v1`, state, () => closeServer(server, sockets, state)));
    });
  });
}

function makeHandle(baseUrl: string, state: ServerState, close: () => Promise<void>): SandboxHandle {
  return {
    baseUrl,
    stats: state.stats,
    setFaults: (faults) => state.faults.set(faults),
    batchStats: state.batches.stats,
    setBatchOptions: (batchOptions) => state.batches.set(batchOptions),
    judgeStats: state.responder.judge.stats,
    setJudgeOptions: (judgeOptions) => state.responder.judge.set(judgeOptions),
    resetStats: () => {
      state.batches.resetStats();
      state.responder.judge.resetStats();
      const inFlight = state.stats.inFlight;
      Object.assign(state.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
    },
    close,
  };
}

function closeServer(server: ReturnType<typeof createServer>, sockets: Set<Socket>, state: ServerState): Promise<void> {
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
