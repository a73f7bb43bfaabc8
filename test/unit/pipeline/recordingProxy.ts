/**
 * A loopback HTTP proxy in front of the sandbox that keeps the body of every chat request it
 * forwards, so a test can see exactly what reached the "LLM" and when.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One forwarded chat request: its messages' texts, and what the test had marked when it arrived. */
export interface RecordedChat {
  readonly texts: readonly string[];
  readonly mark: string;
}

/** A running proxy. */
export interface RecordingProxy {
  readonly baseUrl: string;
  readonly chats: RecordedChat[];
  /** Labels the requests that arrive from now on (e.g. the run's phase). */
  mark(label: string): void;
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target` (a sandbox base URL such as http://127.0.0.1:1234/v1). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const chats: RecordedChat[] = [];
  let label = '';
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    if (req.url?.endsWith('/chat/completions') === true) chats.push({ texts: messageTexts(body), mark: label });
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => forward(req, res, Buffer.concat(parts)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    chats,
    mark: (l) => (label = l),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function messageTexts(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { messages?: { content?: unknown }[] };
    return (parsed.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
  } catch {
    return [body.toString('utf8')];
  }
}
