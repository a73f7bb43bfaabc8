/**
 * A loopback HTTP proxy in front of the sandbox, the ground the test proxies stand on
 * (recordingProxy.ts, sessionProxy.ts): each request's whole body is read, then handed to
 * `onRequest`, which may answer it itself, hold it, or `forward` it to the sandbox.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Sends the request on to the sandbox and pipes its reply back; `onEnd` once the reply has been read. */
export type Forward = (onEnd?: () => void) => void;

/** A running proxy: its base URL (the target's path on the proxy's port). */
export interface LoopbackProxy {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (a sandbox base URL such as http://127.0.0.1:1234/v1). */
export async function startLoopbackProxy(target: string, onRequest: (req: IncomingMessage, res: ServerResponse, body: Buffer, forward: Forward) => void): Promise<LoopbackProxy> {
  const upstream = new URL(target);
  const forwarding = (req: IncomingMessage, res: ServerResponse, body: Buffer): Forward => (onEnd) => {
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
      if (onEnd !== undefined) reply.on('end', onEnd);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      onRequest(req, res, body, forwarding(req, res, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
