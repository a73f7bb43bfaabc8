import assert from 'node:assert/strict';
import { BatchApi } from '../../../src/core/batch/batchApi';
import { BatchCollector } from '../../../src/core/batch/batchCollector';
import { BatchLedger } from '../../../src/core/batch/batchLedger';
import { LlmClient } from '../../../src/core/llm/llmClient';
import { evaluateCandidate } from '../../../src/core/pipeline/candidateEvaluator';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';
import type { Scorer } from '../../../src/core/eval/scoreTypes';
import { sentimentDataset } from '../sandbox/sentimentFixture';

/**
 * An evaluation grades all its answers at once, so a scorer that calls the LLM (the judge) sends
 * its gradings together: in batch mode one batch per evaluation round, not one per example.
 */
describe('grading an evaluation in batch mode', () => {
  let sandbox: SandboxHandle;
  const dataset = sentimentDataset(12);
  const examples = dataset.items.slice(0, 6).map((item, index) => ({ index, line: index + 1, inputs: { input: item.input }, output: item.output }));

  before(async () => {
    sandbox = await startSandbox({ datasets: [dataset], batches: { latencyMs: 20 } });
  });
  after(() => sandbox.close());

  it('sends the gradings of every example in one batch, after the answers', async () => {
    const collector = new BatchCollector({ api: new BatchApi({ apiKey: 'k', baseUrl: sandbox.baseUrl, endpoint: sandbox.baseUrl, timeoutMs: 5000 }), ledger: new BatchLedger(undefined), firstPollMs: 10, maxPollMs: 20 });
    const llm = new LlmClient({ apiKey: 'k', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', batch: collector });
    let inFlight = 0;
    let most = 0;
    // A grader that asks the model, as the LLM judge does.
    const scorer: Scorer = async (output, expected) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const r = await llm.chat({ messages: [{ role: 'user', content: `Grade "${output}" against "${expected}".` }] });
      inFlight--;
      return { score: r.status === 'ok' ? 1 : 0 };
    };
    try {
      const template = parsePromptTemplate('Classify the sentiment of the review.');
      const score = await evaluateCandidate({ llm, scorer, bindings: {}, maxOutputTokens: 16 }, template, examples);
      assert.equal(score?.total, 6);
      assert.equal(most, 6, 'every grading was in flight at once');
      assert.equal(sandbox.batchStats.batchesCreated, 2, 'one batch of answers, one of gradings');
      assert.equal(sandbox.stats.requests.chat, 0);
    } finally {
      collector.close();
    }
  });
});
