/**
 * The `fetch` the openai client is given: one request over node:http/https (whose global
 * agents keep connections alive), its body read whole into a buffer. Node's built-in fetch
 * (undici) costs about twice the CPU per call (`npm run bench:transport`), which at tens of
 * calls a second is most of the pipeline's CPU. In the VS Code extension host, node:http/https
 * also go through the editor's proxy and certificate settings.
 *
 * What it implements is what a non-streaming JSON API needs: method, headers, a string or
 * byte body, an AbortSignal (rejects with an AbortError, as fetch does), redirects,
 * gzip/deflate/br responses, and a response with status, headers, text(), json(), arrayBuffer() and a body
 * stream made on demand. A response larger than `maxResponseBytes` is refused, so a broken
 * server cannot fill the memory, and a body that stops arriving (no byte for `idleTimeoutMs`
 * once the headers are in) fails with a {@link ResponseStalledError}: the caller's overall
 * timeout may be long (a slow local model), but a stalled body is known to be dead sooner.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import { formatSeconds } from './durationText';

/** The largest response body accepted (embeddings for a batch of long texts fit easily). */
export const MAX_RESPONSE_BYTES = 64 * 2 ** 20;

/** Options of {@link nodeFetch} that fetch itself does not have. */
export interface NodeFetchOptions {
  /** Longest pause between two chunks of a response body (after its headers). Default: none. */
  readonly idleTimeoutMs?: number;
}

/** A response body that stopped arriving before its end. */
export class ResponseStalledError extends Error {
  override readonly name = 'ResponseStalledError';
}

/** A fetch with {@link NodeFetchOptions} fixed, as the openai client takes it. */
export function createNodeFetch(options: NodeFetchOptions): (input: string | URL | Request, init?: RequestInit) => Promise<BufferedResponse> {
  return (input, init) => nodeFetch(input, init, options);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

function headerRecord(init: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  if (init !== undefined) new Headers(init).forEach((value, key) => (out[key] = value));
  return out;
}

function requestBody(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('nodeFetch sends only string or byte bodies');
}

/** Undoes the response's content-encoding, if any. */
function decoded(response: http.IncomingMessage): NodeJS.ReadableStream {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return response.pipe(zlib.createInflate());
  if (encoding === 'br') return response.pipe(zlib.createBrotliDecompress());
  return response;
}

/** A fetch Response over a body already read in full. */
export class BufferedResponse {
  readonly ok: boolean;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  /** A stream of the body, made only when asked for (the SDK reads it only when streaming). */
  get body(): ReadableStream<Uint8Array> | null {
    return this.status === 204 ? null : new Blob([this.bytes]).stream();
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return Promise.resolve(this.bytes.toString('utf8'));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return Promise.resolve(this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer);
  }
}

function responseHeaders(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** Redirect statuses fetch follows. */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function checkScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported URL scheme ${url.protocol}`);
}

/**
 * One request, following redirects as fetch does (at most 5; 303, and 301/302 after a POST,
 * continue as a GET without a body; credentials are not sent on to another origin); resolves
 * once the whole body has arrived.
 */
export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}, options: NodeFetchOptions = {}): Promise<BufferedResponse> {
  let url = new URL(input instanceof Request ? input.url : String(input));
  checkScheme(url);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = requestBody(init.body);
  const headers = headerRecord(init.headers);
  for (let hop = 0; ; hop++) {
    const response = await send(url, method, headers, body, signal, options.idleTimeoutMs);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || init.redirect === 'manual') return response;
    if (init.redirect === 'error') throw new TypeError(`redirected to ${location}, and redirects are not allowed`);
    if (hop === MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    checkScheme(next);
    if (next.origin !== url.origin) {
      delete headers['authorization'];
      delete headers['cookie'];
    }
    if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
      delete headers['content-length'];
    }
    url = next;
  }
}

/** One hop. */
function send(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, signal: AbortSignal | undefined, idleTimeoutMs: number | undefined): Promise<BufferedResponse> {
  return new Promise<BufferedResponse>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const watchIdle = (): void => {
      if (idleTimeoutMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => fail(new ResponseStalledError(`the response stalled: no data for ${formatSeconds(idleTimeoutMs)}`)), idleTimeoutMs);
    };
    const transport = url.protocol === 'https:' ? https : http;
    // Node's global agents keep connections alive (Node 19+), and they are what VS Code's proxy
    // support patches in the extension host, whatever http.proxySupport says: no agent of our own.
    const request = transport.request(url, { method, headers }, (response) => {
      const stream = decoded(response);
      const chunks: Buffer[] = [];
      let size = 0;
      watchIdle();
      // Raw bytes, not decoded ones, prove the body is moving (a compressor may hold output back).
      response.on('data', watchIdle);
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          request.destroy(new Error(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', fail);
      stream.on('end', () => {
        done();
        resolve(new BufferedResponse(url.href, response.statusCode ?? 0, response.statusMessage ?? '', responseHeaders(response), Buffer.concat(chunks, size)));
      });
      // A connection dropped mid-body ends the response with 'aborted'/'error', not 'end'.
      response.on('aborted', () => fail(new Error('terminated: the connection closed before the response ended')));
      response.on('error', fail);
    });
    const onAbort = (): void => void request.destroy(abortError(signal as AbortSignal));
    function done(): void {
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
    }
    function fail(error: Error): void {
      done();
      request.destroy();
      reject(error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', fail);
    request.end(body);
  });
}

