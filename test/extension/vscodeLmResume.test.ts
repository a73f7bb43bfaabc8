import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MAPPING } from '../../src/core/data/datasetTypes';
import { runOptimization } from '../../src/core/pipeline/orchestrator';
import type { RunEvent } from '../../src/core/pipeline/runEvents';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { parseRunRecord } from '../../src/core/runs/runRecord';
import { startLanguageModelEndpoint } from '../../src/editor/languageModelProxy';
import type { IndexedRun } from '../../src/editor/runIndex';
import { buildRunConfig, type ProviderChoice } from '../../src/editor/runSetup';
import { readSettings } from '../../src/editor/settings';
import { useSmallSandboxRuns, waitFor, workspaceFile } from './workspace';

/** What test/extension/fake-lm answered, by request content, and whether it holds one unanswered. */
interface FakeModelLog {
  readonly answered: readonly string[];
  readonly holding: boolean;
}

const fakeLog = async (): Promise<FakeModelLog> => (await vscode.commands.executeCommand<FakeModelLog>('zopoTestLm.log'));
const fakeRequests = async (): Promise<number> => (await vscode.commands.executeCommand<{ requests: number }>('zopoTestLm.stats')).requests;

/**
 * A window reload ends the extension host, and with it the loopback endpoint that served the
 * chat model of a `vscode-lm` run (its port and key). The next session resumes the run on an
 * endpoint of its own, and pays for nothing the first session had answered.
 */
describe('a Language Model API run cut off by a reload', function () {
  this.timeout(120_000);
  const keys = ['provider', 'languageModelFamily', 'maxCostUsd', 'concurrency'] as const;

  before(async () => {
    await useSmallSandboxRuns();
    assert.equal(await vscode.commands.executeCommand('zopoTestLm.register'), true);
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('provider', 'vscode-lm', vscode.ConfigurationTarget.Workspace);
    await config.update('languageModelFamily', 'fake-antonyms', vscode.ConfigurationTarget.Workspace);
    await config.update('maxCostUsd', 0, vscode.ConfigurationTarget.Workspace);
    // One request at a time: the cut falls inside an evaluation, after some of its answers.
    await config.update('concurrency', 1, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.commands.executeCommand('zopoTestLm.release');
    const config = vscode.workspace.getConfiguration('zopo');
    for (const key of keys) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('resumes from the Runs view on a new endpoint, asking the model nothing it had answered', async () => {
    const prompt = workspaceFile('prompts', 'antonyms.prompt');
    const root = path.join(path.dirname(prompt.fsPath), '..', '.zopo-test-runs');
    const runDir = path.join(root, 'lm-reload');
    const promptText = await fs.readFile(prompt.fsPath, 'utf8');
    const settings = readSettings();
    const earlier = (await fakeLog()).answered.length;
    // The first session, as RunController.start drives it: its own endpoint, its config, the shared cache.
    const log = vscode.window.createOutputChannel('ZOPO test: first session', { log: true });
    const endpoint = await startLanguageModelEndpoint(settings.languageModelFamily, log);
    assert.ok(endpoint, 'the fake chat model is available');
    const provider: ProviderChoice = { provider: 'openai', baseUrl: endpoint.baseUrl, model: endpoint.modelName, embeddingModel: '', apiKey: endpoint.apiKey, endpoint };
    const config = buildRunConfig({ text: promptText, source: 'prompts/antonyms.prompt' }, { uri: workspaceFile('data', 'antonyms.jsonl'), mapping: DEFAULT_MAPPING }, settings, provider, path.dirname(root));
    const cut = new AbortController();
    let finished = 0;
    const onEvent = (e: RunEvent): void => {
      // After the original's evaluation, two more answers and then the model stops answering.
      if (e.type === 'evaluationFinished' && ++finished === 1) void vscode.commands.executeCommand('zopoTestLm.holdAfter', 2);
    };
    let first: RunResult;
    try {
      const running = runOptimization(config, { runDir, apiKey: endpoint.apiKey, cacheFile: path.join(root, 'lm-cache', 'llm-cache.jsonl'), signal: cut.signal, onEvent });
      await waitFor('the fake model to hold a request', async () => ((await fakeLog()).holding ? true : undefined), 60_000);
      // The window reloads: the extension host and everything in flight are gone.
      cut.abort();
      first = await running;
    } finally {
      endpoint.dispose();
      log.dispose();
    }
    assert.equal(first.status, 'cancelled');
    await vscode.commands.executeCommand('zopoTestLm.release');
    const answeredBefore = (await fakeLog()).answered.slice(earlier);
    assert.ok(answeredBefore.length > 0, 'the first session was answered');
    const requestsBefore = await fakeRequests();

    await fs.writeFile(path.join(runDir, 'editor-target.json'), JSON.stringify({ kind: 'file', uri: prompt.toString(), text: promptText }));
    const record = parseRunRecord(await fs.readFile(path.join(runDir, 'run.json'), 'utf8'));
    assert.ok(typeof record !== 'string');
    const node = { kind: 'run', run: { dir: runDir, record, target: { kind: 'file', uri: prompt.toString(), text: promptText } } satisfies IndexedRun };
    const resumed = await vscode.commands.executeCommand<RunResult | undefined>('zopo.resumeRun', node);
    assert.ok(resumed, 'the resumed run reached the model and did not fail');
    assert.equal(resumed.status, 'done');
    assert.ok(resumed.queries > first.queries, 'the resumed run spent more of its budget');

    const answeredNow = (await fakeLog()).answered.slice(earlier + answeredBefore.length);
    const asked = new Set(answeredBefore);
    assert.deepEqual(answeredNow.filter((key) => asked.has(key)), [], 'no request answered before the reload is sent again');
    assert.ok(resumed.usage.cacheHits > first.usage.cacheHits, 'the half-done evaluation\'s answers came from the cache');
    assert.equal((await fakeRequests()) - requestsBefore, resumed.usage.requests - first.usage.requests, 'every request of the resumed run reached the fake model once');
  });
});
