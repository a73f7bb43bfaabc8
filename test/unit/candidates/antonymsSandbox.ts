/** The antonyms task of instruction induction, served by the offline sandbox, for generation tests. */
import { SHARED_DATA } from '../sharedData';
import { loadDataset } from '../../../src/core/data/datasetLoader';
import type { Example } from '../../../src/core/data/datasetTypes';
import { LlmClient } from '../../../src/core/llm/llmClient';
import type { LlmClientOptions } from '../../../src/core/llm/llmTypes';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';

export const ANTONYMS_FILE = `${SHARED_DATA}/antonyms.train.jsonl`;

/** A sandbox that knows the antonyms data, and the examples themselves. */
export interface AntonymsSandbox {
  readonly sandbox: SandboxHandle;
  readonly demos: readonly Example[];
  /** A fresh client (fresh usage counters, no cache) with fast retries. */
  client(options?: Partial<LlmClientOptions>): LlmClient;
}

export async function startAntonymsSandbox(): Promise<AntonymsSandbox> {
  const dataset = await loadDataset(ANTONYMS_FILE);
  const items = dataset.examples.map((e) => ({ input: e.inputs.input ?? '', output: e.output }));
  const sandbox = await startSandbox({
    datasets: [{ name: 'antonyms', items, description: 'write the antonym of the given word', keywords: ['antonym', 'opposite'] }],
  });
  const client = (options: Partial<LlmClientOptions> = {}): LlmClient =>
    new LlmClient({ apiKey: 'sk-test', baseUrl: sandbox.baseUrl, chatModel: 'sandbox', baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000, ...options });
  return { sandbox, demos: dataset.examples, client };
}
