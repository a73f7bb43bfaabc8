import assert from 'node:assert/strict';
import { countChatTokens, countTokens } from '../../../src/core/cost/tokenCount';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { firstChoice, postJson } from './sandboxHttp';
import { itemMessages, sentimentDataset } from './sentimentFixture';

const GOOD = 'Classify the sentiment of the movie review as positive or negative. Answer with only the label.';
const VAGUE = 'Say stuff.';

describe('sandbox server', () => {
  let sandbox: SandboxHandle;
  const dataset = sentimentDataset(200);

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset], seed: 7 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.resetStats();
  });

  async function chat(messages: unknown, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await postJson(`${sandbox.baseUrl}/chat/completions`, { model: 'sandbox', messages, temperature: 0, ...extra });
    if ('error' in res) throw res.error;
    assert.equal(res.status, 200, res.text);
    return firstChoice(res.text);
  }

  async function accuracy(instruction: string): Promise<number> {
    const answers = await Promise.all(dataset.items.map((item) => chat(itemMessages(instruction, item.input))));
    return answers.filter((a, i) => a === dataset.items[i]?.output).length / answers.length;
  }

  it('binds to 127.0.0.1 and marks responses as simulated', async () => {
    assert.match(sandbox.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await postJson(`${sandbox.baseUrl}/chat/completions`, { model: 'm', messages: itemMessages(GOOD, 'x') });
    if ('error' in res) throw res.error;
    assert.equal(res.headers.get('x-simulated'), 'true');
    assert.equal((JSON.parse(res.text) as { simulated: boolean }).simulated, true);
  });

  it('answers the same request the same way every time', async () => {
    const item = dataset.items[3];
    assert.ok(item);
    const first = await chat(itemMessages(VAGUE, item.input));
    for (let i = 0; i < 3; i++) assert.equal(await chat(itemMessages(VAGUE, item.input)), first);
  });

  it('is more accurate under a task-specific instruction than under a vague one', async () => {
    const good = await accuracy(GOOD);
    const vague = await accuracy(VAGUE);
    assert.ok(good > 0.75, `good instruction accuracy ${good}`);
    assert.ok(vague < 0.6, `vague instruction accuracy ${vague}`);
  });

  it('gives wrong answers that are plausible labels', async () => {
    const answers = await Promise.all(dataset.items.slice(0, 40).map((item) => chat(itemMessages(VAGUE, item.input))));
    for (const answer of answers) assert.ok(answer === 'positive' || answer === 'negative', answer);
  });

  it('reports usage counted with gpt-tokenizer', async () => {
    const messages = itemMessages(GOOD, dataset.items[0]?.input ?? '');
    const res = await postJson(`${sandbox.baseUrl}/chat/completions`, { model: 'm', messages, temperature: 0 });
    if ('error' in res) throw res.error;
    const body = JSON.parse(res.text) as { usage: { prompt_tokens: number; completion_tokens: number } };
    assert.equal(body.usage.prompt_tokens, countChatTokens(messages));
    assert.equal(body.usage.completion_tokens, countTokens(firstChoice(res.text)));
    assert.equal(sandbox.stats.promptTokens, body.usage.prompt_tokens);
  });

  it('proposes varied instructions for an APE meta-prompt, deterministically per seed', async () => {
    const demos = dataset.items.slice(0, 4).map((it) => `Input: ${it.input}\nOutput: ${it.output}`).join('\n\n');
    const prompt = `I gave a friend an instruction and four inputs. Here are the input-output pairs:\n\n${demos}\n\nThe instruction was to`;
    const messages = [{ role: 'user', content: prompt }];
    const proposals = await Promise.all(Array.from({ length: 12 }, (_, seed) => chat(messages, { temperature: 1, seed })));
    assert.ok(new Set(proposals).size >= 8, `only ${new Set(proposals).size} distinct proposals`);
    assert.equal(await chat(messages, { temperature: 1, seed: 3 }), proposals[3]);
  });

  it('rewrites an instruction in the requested way', async () => {
    const original = 'Please read the given review carefully and classify its sentiment, thinking about every word. Then answer.';
    const ask = (how: string, seed: number): Promise<string> =>
      chat([{ role: 'user', content: `${how}\n\nInstruction: ${original}` }], { temperature: 1, seed });
    const shorter = await ask('Make this instruction shorter.', 1);
    assert.ok(shorter.length < original.length, shorter);
    const format = await ask('Add output format rules to this instruction.', 2);
    assert.match(format, /only|single|alone|just/i);
    assert.ok(format.startsWith(original));
    const specific = await ask('Make this instruction more specific.', 3);
    assert.ok(specific.length > original.length * 0.8 && specific !== original, specific);
  });

  it('serves embeddings that are unit length and near for similar texts', async () => {
    const input = ['Classify the sentiment of the review.', 'Categorize the sentiment of the review.', 'Translate the poem into French.'];
    const res = await postJson(`${sandbox.baseUrl}/embeddings`, { model: 'e', input });
    if ('error' in res) throw res.error;
    const body = JSON.parse(res.text) as { data: { embedding: number[] }[] };
    const [a, b, c] = body.data.map((d) => d.embedding);
    assert.ok(a && b && c);
    const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    assert.equal(a.length, 256);
    assert.ok(Math.abs(dot(a, a) - 1) < 1e-9);
    assert.ok(dot(a, b) > dot(a, c) + 0.3, `${dot(a, b)} vs ${dot(a, c)}`);
  });

  it('counts requests per endpoint, unknown routes included', async () => {
    await chat(itemMessages(GOOD, 'x'));
    await postJson(`${sandbox.baseUrl}/embeddings`, { model: 'e', input: 'x' });
    await postJson(`${sandbox.baseUrl}/nowhere`, {});
    await fetch(`${sandbox.baseUrl}/models`).then((r) => r.text());
    assert.deepEqual(sandbox.stats.requests, { chat: 1, embeddings: 1, models: 1, other: 1 });
  });

  it('rejects a bad body with 400', async () => {
    const res = await postJson(`${sandbox.baseUrl}/chat/completions`, { model: 'm', messages: [] });
    if ('error' in res) throw res.error;
    assert.equal(res.status, 400);
  });
});
