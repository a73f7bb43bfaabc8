import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseWrite } from '../../../src/cli/writeChoice';
import { noImprovementText, recommendedPrompt } from '../../../src/core/eval/verdictText';
import { runOptimization } from '../../../src/core/pipeline/orchestrator';
import type { EvaluationEntry } from '../../../src/core/pipeline/runFileTypes';
import { instructionAccuracy, type TaskProfile } from '../../../src/core/sandbox/accuracyModel';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import { EventLog, fixedCandidates, makeWorkspace, sandboxFor, smallConfig, type Workspace } from './pipelineFixtures';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy';

function readEvaluations(runDir: string): EvaluationEntry[] {
  return readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as EvaluationEntry);
}

/** The task profile the sandbox gives the workspace's antonyms (no keywords, too many outputs for labels). */
const ANTONYMS: TaskProfile = { keywords: [], labels: [], baseAccuracy: 0.45 };
const ORIGINAL = 'Write the opposite of the given word.';
const FILLERS = ['kindly', 'now', 'here', 'please', 'today', 'quickly', 'clearly', 'simply', 'always', 'then', 'again', 'too', 'indeed', 'still', 'just', 'also', 'briefly', 'calmly', 'plainly', 'directly', 'carefully', 'gently', 'promptly', 'exactly'];

/**
 * Rewordings of the original whose true accuracy on the simulated model is within 0.01 of the
 * original's: any lead one of them takes on validation is luck, by construction.
 */
function equallyGoodVariants(count: number): string[] {
  const target = instructionAccuracy(ORIGINAL, ANTONYMS);
  const out: string[] = [];
  for (const a of FILLERS) {
    for (const b of FILLERS) {
      const text = `${ORIGINAL} Answer ${a} ${b}.`;
      if (a !== b && Math.abs(instructionAccuracy(text, ANTONYMS) - target) < 0.01) out.push(text);
      if (out.length === count) return out;
    }
  }
  return out;
}

describe('held-out, paired evidence before a prompt is offered', () => {
  let ws: Workspace;
  let sandbox: SandboxHandle | undefined;
  let proxy: RecordingProxy | undefined;

  before(() => {
    ws = makeWorkspace(60, 40);
  });
  after(() => ws.cleanup());
  afterEach(async () => {
    await proxy?.close();
    await sandbox?.close();
    proxy = undefined;
    sandbox = undefined;
  });

  it('reports a validation fluke as "no reliable difference" and offers no replacement', async () => {
    sandbox = await sandboxFor(ws);
    const variants = equallyGoodVariants(8);
    assert.equal(variants.length, 8, 'the construction found enough equally good rewordings');
    const runDir = ws.path('fluke');
    const config = smallConfig(ws, sandbox, { budget: 24, candidateCount: variants.length + 1, seed: 6 });
    const result = await runOptimization(config, { runDir, generate: fixedCandidates((o) => [o, ...variants]) });
    assert.equal(result.status, 'done');
    const leader = result.portfolio[0];
    assert.ok(leader !== undefined && leader.candidateId !== 0, `a rewording leads on validation: ${JSON.stringify([result.original, ...result.portfolio].map((p) => [p.candidateId, p.score, p.examples]))}`);
    assert.ok((leader.validationPaired?.delta ?? 0) > 0, `the leader beat the original on the validation examples both saw (the fluke): ${JSON.stringify(leader.validationPaired)}`);
    for (const p of result.portfolio.filter((q) => q.candidateId !== 0)) {
      assert.ok(p.test !== undefined, 'every returned prompt has a held-out comparison');
      assert.notEqual(p.test.verdict, 'better', `no equally good rewording is called better: ${JSON.stringify(p.test)}`);
      assert.equal(p.test.pairedExamples, 40);
    }
    assert.equal(recommendedPrompt(result.portfolio), undefined, 'nothing is offered as a replacement');
    assert.match(noImprovementText(result.portfolio) ?? '', /^No reliable improvement over the original on 40 held-out test examples/);
    const write = chooseWrite(result, false);
    assert.ok('reason' in write, '--write leaves the file alone');
    assert.match(write.reason, /--force-write/);
    const forced = chooseWrite(result, true);
    assert.ok('item' in forced && forced.forced && forced.item.candidateId === leader.candidateId, '--force-write takes the validation leader');
  });

  it('scores the original on every validation example a returned prompt was scored on', async () => {
    sandbox = await sandboxFor(ws);
    const runDir = ws.path('paired');
    const result = await runOptimization(smallConfig(ws, sandbox, { budget: 24 }), { runDir });
    const seen = new Map<number, Set<number>>();
    for (const e of readEvaluations(runDir).filter((x) => x.kind !== 'test')) {
      const set = seen.get(e.candidate) ?? new Set<number>();
      for (const r of e.results) set.add(r.exampleIndex);
      seen.set(e.candidate, set);
    }
    const original = seen.get(0) ?? new Set<number>();
    const best = result.portfolio[0];
    assert.ok(best !== undefined && best.candidateId !== 0);
    assert.ok(result.original.examples >= best.examples, `the original has at least the best candidate's evidence (${result.original.examples} vs ${best.examples})`);
    for (const p of result.portfolio) {
      for (const index of seen.get(p.candidateId) ?? []) assert.ok(original.has(index), `example ${index} of candidate ${p.candidateId} is paired`);
      if (p.candidateId !== 0) assert.equal(p.validationPaired?.pairedExamples, seen.get(p.candidateId)?.size);
    }
    assert.ok(readEvaluations(runDir).some((e) => e.kind === 'pairing'), 'the pairing evaluation is logged');
  });

  it('sends no test example to any LLM call before the final scoring', async () => {
    sandbox = await sandboxFor(ws);
    proxy = await startRecordingProxy(sandbox.baseUrl);
    const recorder = proxy;
    const words = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { input: string }).input);
    const train = readFileSync(ws.data, 'utf8');
    const boundary = (w: string): RegExp => new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
    // Only test inputs that cannot come from anywhere else (the training file, the prompt).
    const marked = words(ws.test).filter((w) => !boundary(w).test(train) && !boundary(w).test(ORIGINAL));
    assert.ok(marked.length >= 20, `enough distinctive test inputs (${marked.length})`);
    const log = new EventLog();
    const onEvent = (e: Parameters<typeof log.listener>[0]): void => {
      if (e.type === 'phase') recorder.mark(e.phase);
      log.listener(e);
    };
    // The real candidate generator: its meta-prompts carry demonstrations, so it is checked too.
    const result = await runOptimization(smallConfig(ws, sandbox, { baseUrl: proxy.baseUrl, budget: 20 }), { runDir: ws.path('leak'), onEvent });
    assert.equal(result.status, 'done');
    const leaks = (mark: (m: string) => boolean): number =>
      recorder.chats.filter((c) => mark(c.mark) && c.texts.some((t) => marked.some((w) => boundary(w).test(t)))).length;
    const before = recorder.chats.filter((c) => c.mark !== 'testing');
    assert.ok(before.length > 50, `the search made calls (${before.length})`);
    assert.equal(leaks((m) => m !== 'testing'), 0, 'no call before the test phase carries a test example');
    assert.ok(leaks((m) => m === 'testing') >= marked.length, 'the test phase does send them (the check can see a leak)');
  });
});
