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
): void {
  sendJson(res, status, { error: { message: `${message} (simulated)`, type, param: null, code: null } }, headers);
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
