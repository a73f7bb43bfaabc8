import assert from 'node:assert/strict';
import { generateCandidates, type GenerationOptions, type GenerationResult } from '../../../src/core/candidates/candidateGenerator';
import { exactKey } from '../../../src/core/candidates/candidateText';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';
import { startAntonymsSandbox, type AntonymsSandbox } from './antonymsSandbox';

const PLAIN = 'Give the antonym of the word.';
const TEMPLATED = 'Give the antonym of the word.\n\nWord: {input}\nAntonym:';
const INLINE = 'What is the opposite of {{ input }}? Reply with one word.';

describe('candidate generation against the sandbox (antonyms)', () => {
  let env: AntonymsSandbox;
  const run = (options: Partial<GenerationOptions> = {}): Promise<GenerationResult> =>
    generateCandidates({ original: PLAIN, demos: env.demos, llm: env.client(), targetCount: 30, seed: 3, ...options });

  before(async () => {
    env = await startAntonymsSandbox();
  });
  after(() => env.sandbox.close());
  beforeEach(() => {
    env.sandbox.setFaults({});
    env.sandbox.resetStats();
  });

  it('fills the pool with the original first, varied origins and no exact duplicates', async () => {
    const result = await run();
    assert.equal(result.candidates.length, 30);
    assert.deepEqual(result.candidates[0], { text: PLAIN, origin: 'original' });
    assert.ok(result.candidates.slice(1).every((c) => c.origin !== 'original'));
    const keys = result.candidates.map((c) => exactKey(c.text));
    assert.equal(new Set(keys).size, keys.length);
    const origins = new Set(result.candidates.map((c) => c.origin));
    for (const origin of ['induction', 'paraphrase', 'specific', 'format'] as const) assert.ok(origins.has(origin), `no ${origin} candidate`);
    assert.ok(result.candidates.every((c) => !/^\s*(\d+\.|-|")|instruction was to/i.test(c.text)), 'texts are cleaned');
    assert.equal(result.failedCalls, 0);
    assert.equal(result.aborted, false);
  });

  for (const original of [TEMPLATED, INLINE]) {
    it(`keeps every variable of ${JSON.stringify(original.slice(0, 30))}... in its syntax`, async () => {
      const result = await run({ original, targetCount: 25 });
      const template = parsePromptTemplate(original);
      assert.equal(result.candidates[0]?.text, original);
      assert.equal(result.candidates.length, 25);
      for (const c of result.candidates) {
        const parsed = parsePromptTemplate(c.text, { syntax: template.syntax ?? 'python' });
        assert.deepEqual(parsed.variables, template.variables, c.text);
      }
      const induced = result.candidates.filter((c) => c.origin === 'induction');
      assert.ok(induced.length > 0);
      if (original === TEMPLATED) assert.ok(induced.every((c) => c.text.endsWith('\n\nWord: {input}\nAntonym:')), 'induced texts get the scaffold');
    });
  }

  it('gives the same pool for the same seed and a different one for another seed', async () => {
    const a = await run({ seed: 9 });
    const b = await run({ seed: 9 });
    const c = await run({ seed: 10 });
    assert.deepEqual(b.candidates, a.candidates);
    assert.notDeepEqual(c.candidates, a.candidates);
  });

  it('varies the seed of every request', async () => {
    const seeds: number[] = [];
    const client = env.client();
    const llm: GenerationOptions['llm'] = {
      chat: (request, signal) => {
        seeds.push(request.params?.seed ?? -1);
        return client.chat(request, signal);
      },
    };
    const result = await run({ llm });
    assert.equal(seeds.length, result.calls);
    assert.equal(new Set(seeds).size, seeds.length);
  });

  it('respects the call cap, counted by the sandbox', async () => {
    const result = await run({ targetCount: 200, maxCalls: 5 });
    assert.equal(result.calls, 5);
    assert.equal(env.sandbox.stats.requests.chat, 5);
    assert.ok(result.candidates.length < 200);
    assert.equal(result.candidates[0]?.origin, 'original');
  });

  it('stops early on abort and returns what it made', async () => {
    env.sandbox.setFaults({ latencyMs: 30 });
    const controller = new AbortController();
    const result = await run({
      targetCount: 200,
      maxCalls: 200,
      signal: controller.signal,
      onProgress: (made) => {
        if (made >= 5) controller.abort();
      },
    });
    assert.equal(result.aborted, true);
    assert.ok(result.candidates.length >= 5 && result.candidates.length < 200);
    assert.ok(result.calls <= 32, `${result.calls} calls`);
    assert.ok(env.sandbox.stats.requests.chat < result.calls, 'queued requests were never sent');
    assert.equal(result.failedCalls, 0, 'cancelled is not failed');
  });

  it('does nothing once aborted before it starts, but still returns the original', async () => {
    const result = await run({ signal: AbortSignal.abort() });
    assert.deepEqual(result.candidates, [{ text: PLAIN, origin: 'original' }]);
    assert.deepEqual([result.calls, result.aborted], [0, true]);
    assert.equal(env.sandbox.stats.requests.chat, 0);
  });

  it('counts failed calls without failing, and still fills the pool', async () => {
    // No retries: the first two calls meet a server error and a malformed body, and fail.
    env.sandbox.setFaults({ script: ['serverError', 'malformed'] });
    const result = await run({ llm: env.client({ maxRetries: 0, concurrency: 1 }), targetCount: 20 });
    assert.equal(result.failedCalls, 2);
    assert.equal(result.candidates.length, 20);
    assert.deepEqual([env.sandbox.stats.serverErrors, env.sandbox.stats.malformed], [1, 1]);
    assert.equal(env.sandbox.stats.requests.chat, result.calls);
  });

  it('survives every call failing', async () => {
    env.sandbox.setFaults({ serverErrorRate: 1 });
    const result = await run({ llm: env.client({ maxRetries: 0 }), maxCalls: 6 });
    assert.deepEqual([result.calls, result.failedCalls, result.candidates.length], [6, 6, 1]);
  });

  it('reports progress up to the target', async () => {
    const seen: [number, number][] = [];
    await run({ targetCount: 12, onProgress: (made, target) => seen.push([made, target]) });
    assert.deepEqual(seen[0], [1, 12]);
    assert.deepEqual(seen[seen.length - 1], [12, 12]);
    assert.ok(seen.every(([made], i) => i === 0 || made >= (seen[i - 1]?.[0] ?? 0)), 'progress never goes back');
  });

  it('makes no call for a target of one, and rewrites only when there are no demos', async () => {
    const one = await run({ targetCount: 1 });
    assert.deepEqual([one.calls, one.candidates.length], [0, 1]);
    const noDemos = await run({ demos: [], targetCount: 8 });
    assert.ok(noDemos.candidates.slice(1).every((c) => c.origin !== 'induction'));
    assert.ok(noDemos.candidates.length > 1);
  });

  it('counts texts the guard rejects', async () => {
    // Induced texts mention no variable; rewrites are asked to keep {input}; a model that renames it is rejected.
    const client = env.client();
    const llm: GenerationOptions['llm'] = {
      chat: async (request, signal) => {
        const result = await client.chat(request, signal);
        if (result.status !== 'ok') return result;
        return { ...result, value: { ...result.value, texts: result.value.texts.map((t) => t.replace(/\{input\}/g, '{word}')) } };
      },
    };
    const result = await run({ llm, original: 'Opposite of {input}? One word.', demos: [], targetCount: 10, maxCalls: 4 });
    assert.ok(result.rejected > 0);
    assert.ok(result.candidates.every((c) => !c.text.includes('{word}')));
  });
});
