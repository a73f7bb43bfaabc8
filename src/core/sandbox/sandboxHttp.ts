/** Small node:http helpers for the sandbox: reading bodies and writing (or botching) replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the sandbox reads. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Headers on every sandbox response: nothing it says is real. */
export const SIMULATED_HEADERS = { 'x-simulated': 'true', 'x-model-provider': 'zopo-sandbox' } as const;

/** Reads the whole request body as UTF-8 (rejects past 16 MiB). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a JSON body with the simulated headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SIMULATED_HEADERS,
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Sends an error in OpenAI's shape: `{"error": {"message", "type", "code"}}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  headers: Record<string, string> = {},
  code: string | null = null,
): void {
  sendJson(res, status, { error: { message: `${message} (simulated)`, type, param: null, code } }, headers);
}

/** A 200 whose JSON body is cut short and followed by junk. */
export function sendMalformed(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  const broken = `${text.slice(0, Math.floor(text.length / 2))}<<not json`;
  res.writeHead(200, { ...SIMULATED_HEADERS, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(broken)) });
  res.end(broken);
}

/** Promises a full body, sends half of it, then destroys the socket. */
export function dropMidResponse(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { ...SIMULATED_HEADERS, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

/**
 * Promises a full body and sends it one byte every `intervalMs`: a response that stalls
 * mid-body. The interval is handed to `track` so that closing the server can stop it.
 */
export function dripResponse(res: ServerResponse, body: unknown, intervalMs: number, track: (timer: NodeJS.Timeout) => void): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { ...SIMULATED_HEADERS, 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= bytes.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(bytes.subarray(sent, sent + 1));
    sent++;
  }, intervalMs);
  track(timer);
  res.on('close', () => clearInterval(timer));
}

/** Resets the connection (TCP RST where the platform allows) before any byte of a response. */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
