import assert from 'node:assert/strict';
import type { Example } from '../../../src/core/data/datasetTypes';
import { ValidationSampler } from '../../../src/core/data/validationSampler';
import { Rng } from '../../../src/core/optimizer/random';
import type { EmbeddingPool, Proposal, SearchMethod } from '../../../src/core/optimizer/types';
import { createZopo } from '../../../src/core/optimizer/zopo';
import type { EvaluationScore } from '../../../src/core/pipeline/candidateEvaluator';
import { EvaluationReplay } from '../../../src/core/pipeline/evaluationReplay';
import type { EvaluationEntry } from '../../../src/core/pipeline/runFileTypes';
import { runSearchLoop, type LaunchedEvaluation } from '../../../src/core/pipeline/searchLoop';

const POOL_SIZE = 60;
const VAL = 4;
const BUDGET = 24;

const examples: Example[] = Array.from({ length: 40 }, (_, i) => ({ index: i, line: i + 1, inputs: { input: `x${i}` }, output: `y${i}` }));

function optimizer(): SearchMethod {
  const rng = new Rng(11);
  const pool: EmbeddingPool = { n: POOL_SIZE, dim: 8, data: Float32Array.from({ length: POOL_SIZE * 8 }, () => rng.normal()) };
  return createZopo({ pool, budget: BUDGET, valSize: VAL, seed: 5 }, 'zopo');
}

/** A fixed score per (candidate, example): the landscape the fake LLM answers from. */
function scoreOf(l: LaunchedEvaluation): EvaluationScore {
  const correct = l.draw.examples.filter((e) => (e.index * 7 + l.candidate * 13) % 10 < l.candidate % 10).length;
  return { correct, total: l.draw.examples.length, failed: 0, results: [], failure: undefined };
}

interface RunTrace {
  readonly asks: string[];
  readonly told: EvaluationEntry[];
  readonly answeredByLlm: number;
}

/** Runs the loop with random answer delays; `log` answers what it holds, `stopAfter` stops asking. */
async function run(delaySeed: number, options: { stopAfter?: number; log?: readonly EvaluationEntry[] } = {}): Promise<RunTrace> {
  const sampler = new ValidationSampler(examples, VAL);
  const inner = optimizer();
  const asks: string[] = [];
  const recording: SearchMethod = {
    name: inner.name,
    ask: (k) => {
      const proposals = inner.ask(k);
      asks.push(`${k}:${proposals.map((p) => p.candidate).join(',')}`);
      return proposals;
    },
    tell: (o) => inner.tell(o),
    portfolio: (n) => inner.portfolio(n),
  };
  const replay = new EvaluationReplay(options.log ?? []);
  const delays = new Rng(delaySeed);
  const told: EvaluationEntry[] = [];
  let answeredByLlm = 0;
  const draw = (p: Pick<Proposal, 'candidate' | 'repeats'>) => sampler.take(p.candidate, p.repeats);
  await runSearchLoop(
    {
      optimizer: recording,
      draw,
      evaluate: (l) => {
        const logged = replay.take(l);
        if (logged) return Promise.resolve(logged);
        answeredByLlm++;
        return new Promise((resolve) => setTimeout(() => resolve(scoreOf(l)), delays.int(8)));
      },
      onStarted: () => undefined,
      onFinished: (l, score, seq) => {
        told.push({ kind: 'search', seq, round: l.round, candidate: l.candidate, reason: l.reason, repeats: l.repeats, batches: l.draw.batches, correct: score.correct, total: score.total, failed: 0, score: 0, queries: 0, results: [], time: '' });
      },
      afterTell: () => undefined,
      stopReason: () => (options.stopAfter !== undefined && told.length >= options.stopAfter ? 'stop' : undefined),
      targetCalls: 10,
      callsPerQuery: VAL,
    },
    { round: 0, tells: 0, pending: [{ candidate: 0, repeats: 1, reason: 'original', round: -1, draw: draw({ candidate: 0, repeats: 1 }) }] },
  );
  return { asks, told, answeredByLlm };
}

const path = (t: RunTrace): string[] => t.told.map((e) => `${e.candidate}@${e.round}`);

describe('search loop', () => {
  it('tells in launch order, so the search path does not depend on network timing', async () => {
    const a = await run(1);
    const b = await run(2);
    // A re-evaluation costs its `repeats` queries, so count queries, not tells.
    const spent = a.told.slice(1).reduce((sum, e) => sum + e.repeats, 0);
    assert.equal(spent, BUDGET, 'the whole budget is spent, after the original');
    assert.equal(a.told[0]?.candidate, 0);
    assert.deepEqual(path(b), path(a));
    assert.deepEqual(b.asks, a.asks);
    assert.ok(a.asks.some((ask) => ask.split(',').length > 1), 'asks are batched to keep the endpoint busy');
  });

  it('a stopped run, replayed from its log into a fresh optimizer, continues exactly on the uninterrupted path', async () => {
    const whole = await run(3);
    const part = await run(4, { stopAfter: 9 });
    assert.ok(part.told.length >= 9 && part.told.length < whole.told.length);
    const resumed = await run(5, { log: part.told });
    assert.deepEqual(path(resumed), path(whole));
    assert.equal(resumed.answeredByLlm, whole.told.length - part.told.length, 'logged evaluations are not asked again');
  });

  it('evaluates again, rather than trusting, a logged result whose validation batches do not match', () => {
    const replay = new EvaluationReplay([{ kind: 'search', seq: 0, round: -1, candidate: 0, reason: 'original', repeats: 1, batches: [3], correct: 1, total: 4, failed: 0, score: 0.25, queries: 1, results: [], time: '' }]);
    const launch: LaunchedEvaluation = { candidate: 0, repeats: 1, reason: 'original', round: -1, draw: { batches: [0], examples: [], reused: false } };
    assert.equal(replay.take(launch), undefined);
    assert.equal(replay.mismatches, 1);
  });
});
