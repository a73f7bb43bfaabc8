import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MAX_RESPONSE_BYTES, nodeFetch, ResponseStalledError } from '../../../src/core/llm/nodeFetch';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('nodeFetch (the openai client transport)', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, _body, res) => res.end();

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => handler(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and returns status, headers and JSON', async () => {
    handler = (req, body, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1', 'retry-after': '2' });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
    };
    const response = await nodeFetch(`${base}/v1/chat`, { method: 'POST', headers: new Headers({ Authorization: 'Bearer k' }), body: '{"a":1}' });
    assert.equal(response.status, 201);
    assert.equal(response.ok, true);
    assert.ok(response.headers instanceof Headers);
    assert.equal(response.headers.get('X-Request-Id'), 'r1');
    assert.equal(response.headers.get('retry-after'), '2');
    assert.deepEqual(await response.json(), { method: 'POST', auth: 'Bearer k', body: '{"a":1}' });
    assert.equal(response.bodyUsed, true);
  });

  it('reports a failing status as not ok and keeps its text', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(503, 'Busy');
      res.end('try later');
    };
    const response = await nodeFetch(`${base}/x`);
    assert.equal(response.ok, false);
    assert.equal(response.status, 503);
    assert.equal(response.statusText, 'Busy');
    assert.equal(await response.text(), 'try later');
  });

  it('decodes a gzip-encoded response', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('{"ok":true}'));
    };
    assert.deepEqual(await (await nodeFetch(`${base}/z`)).json(), { ok: true });
  });

  it('gives the body as a stream when asked', async () => {
    handler = (_req, _body, res) => res.end('data: one\n\n');
    const response = await nodeFetch(`${base}/s`);
    assert.equal(await new Response(response.body).text(), 'data: one\n\n');
  });

  it('rejects with an AbortError when the signal aborts mid-request, and at once when already aborted', async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
    await assert.rejects(nodeFetch(`${base}/slow`, { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('rejects when the connection drops before the body ends', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    await assert.rejects(nodeFetch(`${base}/drop`), /terminated|aborted|socket hang up|ECONNRESET/);
  });

  it('refuses a response larger than the limit', async () => {
    handler = (_req, _body, res) => {
      const chunk = Buffer.alloc(2 ** 20, 97);
      let sent = 0;
      const write = (): void => {
        while (sent <= MAX_RESPONSE_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    };
    await assert.rejects(nodeFetch(`${base}/huge`), /larger than/);
  });

  it('follows a 307 with the same method and body, and a 303 as a GET without one', async () => {
    const seen: string[] = [];
    handler = (req, body, res) => {
      seen.push(`${req.method} ${req.url} ${body} ${req.headers.authorization ?? '-'}`);
      if (req.url === '/old') return void res.writeHead(307, { location: '/v1/new' }).end();
      if (req.url === '/see') return void res.writeHead(303, { location: `${base}/v1/new` }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"at":"new"}');
    };
    const init = { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"q":1}' };
    const moved = await nodeFetch(`${base}/old`, init);
    assert.deepEqual(await moved.json(), { at: 'new' });
    assert.equal(moved.url, `${base}/v1/new`);
    await nodeFetch(`${base}/see`, init);
    assert.deepEqual(seen, ['POST /old {"q":1} Bearer k', 'POST /v1/new {"q":1} Bearer k', 'POST /see {"q":1} Bearer k', 'GET /v1/new  Bearer k']);
  });

  it('does not send the credentials on to another origin, and stops after 5 redirects', async () => {
    const other = createServer((req, res) => res.end(req.headers.authorization ?? 'no credentials'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherBase = `http://localhost:${(other.address() as AddressInfo).port}`;
      handler = (req, _body, res) => {
        if (req.url === '/away') return void res.writeHead(308, { location: `${otherBase}/x` }).end();
        res.writeHead(302, { location: '/loop' }).end();
      };
      const away = await nodeFetch(`${base}/away`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: 'x' });
      assert.equal(await away.text(), 'no credentials');
      await assert.rejects(nodeFetch(`${base}/loop`), /more than 5 redirects/);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses other URL schemes and body types', async () => {
    await assert.rejects(nodeFetch('file:///etc/passwd'), /unsupported URL scheme/);
    await assert.rejects(nodeFetch(`${base}/b`, { method: 'POST', body: new URLSearchParams('a=1') }), /string or byte bodies/);
  });

  it('fails a body that stalls longer than the idle timeout, and accepts one that keeps moving', async () => {
    const drip = (intervalMs: number) => (_req: IncomingMessage, _body: string, res: ServerResponse): void => {
      const text = '{"ok":true}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent === text.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(text[sent++]);
      }, intervalMs);
    };
    handler = drip(300);
    const started = Date.now();
    await assert.rejects(nodeFetch(`${base}/x`, {}, { idleTimeoutMs: 100 }), (e: Error) => e instanceof ResponseStalledError && /no data for 0\.1 s/.test(e.message));
    assert.ok(Date.now() - started < 1000);
    handler = drip(5);
    const response = await nodeFetch(`${base}/x`, {}, { idleTimeoutMs: 100 });
    assert.deepEqual(await response.json(), { ok: true });
  });
});
