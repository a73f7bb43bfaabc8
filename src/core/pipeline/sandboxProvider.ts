/**
 * The offline provider: an in-process sandbox server on loopback that knows the run's
 * data, so that a prompt can be "optimized" with no account and no cost. Everything it
 * answers is simulated, and the pipeline labels the run so.
 */
import { basename } from 'node:path';
import type { Example } from '../data/datasetTypes';
import { startSandbox } from '../sandbox/sandboxServer';
import type { SandboxDataset, SandboxHandle } from '../sandbox/sandboxTypes';
import { exampleInputText } from '../prompt/chatMessages';

/**
 * The dataset as the sandbox sees it. The input is the text that appears verbatim in the
 * evaluation's last user message: the whole input for a prompt without variables, the
 * longest field value for a template (which embeds the values, not the field names).
 */
export function sandboxDatasetOf(file: string, examples: readonly Example[], templated: boolean): SandboxDataset {
  const items = examples.map((e) => ({ input: templated ? longestValue(e) : exampleInputText(e), output: e.output }));
  return { name: basename(file), items };
}

/**
 * Starts a sandbox serving `datasets`; the caller closes it. With `models` (the run's chat
 * model), another model name that is not `sandbox…` is a 404, as on a real endpoint.
 */
export function startRunSandbox(datasets: readonly SandboxDataset[], seed: number, models?: readonly string[]): Promise<SandboxHandle> {
  return startSandbox({ datasets, seed: seed + 1, ...(models === undefined ? {} : { models }) });
}

function longestValue(example: Example): string {
  return Object.values(example.inputs).reduce((a, b) => (b.length > a.length ? b : a), '');
}
