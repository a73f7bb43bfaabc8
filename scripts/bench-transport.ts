/**
 * Transport benchmark (not a test): CPU time per chat call through the `openai` SDK with
 * Node's built-in fetch against the SDK with our node:http fetch, and a bare node:http
 * request as the floor, each against a loopback server (in a child process) that answers
 * after 200 ms, at concurrency 16.
 *
 * Usage: npm run -s bench:transport -- [--calls 800]
 */
import { spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { nodeFetch } from '../src/core/llm/nodeFetch';

const BODY = JSON.stringify({
  id: 'x', object: 'chat.completion', created: 1, model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'cold' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 20, completion_tokens: 1, total_tokens: 21 },
});

function serve(): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY), 200));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}

type Mode = 'sdk + built-in fetch' | 'sdk + nodeFetch' | 'bare node:http';

function caller(mode: Mode, port: number): () => Promise<unknown> {
  if (mode === 'bare node:http') {
    const agent = new Agent({ keepAlive: true });
    return () =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(JSON.parse(text)));
        });
        req.on('error', reject).end(JSON.stringify({ model: 'm' }));
      });
  }
  const client = new OpenAI({
    apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0, logLevel: 'off',
    ...(mode === 'sdk + nodeFetch' ? { fetch: nodeFetch as unknown as typeof fetch } : {}),
  });
  return () => client.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: 'Write the opposite of the given word.' }, { role: 'user', content: 'hot' }], temperature: 0 });
}

/** Runs one mode in this process (fresh, so each starts cold) and prints its CPU per call. */
async function measure(mode: Mode, calls: number): Promise<void> {
  const server = spawn(process.execPath, [...process.execArgv, __filename, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => server.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  try {
    const call = caller(mode, port);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let started = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (started < calls) {
        started++;
        await call();
      }
    }));
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wallMs = performance.now() - t0;
    console.log(`${mode.padEnd(22)} ${calls} calls in ${(wallMs / 1000).toFixed(2)} s: CPU ${(cpuMs / 1000).toFixed(2)} s = ${(cpuMs / calls).toFixed(2)} ms per call, ${((cpuMs / wallMs) * 100).toFixed(1)}% of the wall time`);
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { serve: { type: 'boolean' }, mode: { type: 'string' }, calls: { type: 'string' } } });
  if (values.serve === true) return serve();
  const calls = Number(values.calls ?? 800);
  if (values.mode !== undefined) return measure(values.mode as Mode, calls);
  console.log(`node ${process.version}; concurrency 16, 200 ms per answer`);
  for (const mode of ['sdk + built-in fetch', 'sdk + nodeFetch', 'bare node:http'] satisfies Mode[]) {
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--mode', mode, '--calls', String(calls)], { stdio: 'inherit' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

void main();
