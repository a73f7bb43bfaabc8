import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { redactSecrets } from '../../../src/core/llm/secretRedaction';

const KEY = 'sk-proj-SECRET0123456789abcdef';

/** A server that rejects every request and echoes the Authorization header, as some do. */
function echoingServer(): Promise<{ server: Server; baseUrl: string; seenAuth: string[] }> {
  const seenAuth: string[] = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seenAuth.push(auth);
    const token = auth.replace(/^Bearer /, '');
    const status = req.url?.includes('embeddings') ? 500 : 401;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${token} (${auth})`, type: 'invalid_request_error' } }));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, baseUrl: `http://127.0.0.1:${port}/v1`, seenAuth });
    });
  });
}

describe('API key secrecy', () => {
  it('sends the key but never puts it in results, errors, JSON or inspection', async () => {
    const { server, baseUrl, seenAuth } = await echoingServer();
    try {
      const client = new LlmClient({ apiKey: KEY, baseUrl, chatModel: 'm', embeddingModel: 'e', maxRetries: 1, baseDelayMs: 1 });
      // Embeddings first: the chat's 401 trips the breaker, after which nothing is sent.
      const embed = await client.embed(['hi']);
      const chat = await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(seenAuth[0], `Bearer ${KEY}`, 'the key must reach the server');
      assert.ok(chat.status === 'failed' && chat.failure.status === 401 && chat.attempts === 1, 'a 401 is not retried');
      assert.ok(embed.status === 'failed' && embed.attempts === 2, 'a 500 is retried');
      assert.match(client.halt?.message ?? '', /refused the request: 401/, 'the 401 tripped the breaker');
      const exposed = [
        JSON.stringify(chat), JSON.stringify(embed), JSON.stringify(client), JSON.stringify(client.usage), JSON.stringify(client.halt),
        inspect(client, { depth: 10, showHidden: true }), `${inspect(client)}`,
      ];
      for (const text of exposed) assert.ok(!text.includes(KEY) && !text.includes('SECRET0123'), text);
      assert.match(JSON.stringify(chat), /\[redacted\]/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('redacts the key and key-shaped tokens', () => {
    assert.equal(redactSecrets(`key ${KEY} end`, KEY), 'key [redacted] end');
    assert.equal(redactSecrets('token sk-abcdef123456 here', 'other-key'), 'token [redacted] here');
    assert.equal(redactSecrets('nothing secret', KEY), 'nothing secret');
  });
});
