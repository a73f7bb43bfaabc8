import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LEDGER_FILE, type LedgerBatch } from '../../src/core/batch/batchLedger';
import { runOptimization } from '../../src/core/pipeline/orchestrator';
import { makeRunConfig } from '../../src/core/pipeline/runConfig';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { exampleInputText } from '../../src/core/prompt/chatMessages';
import { parseRunRecord } from '../../src/core/runs/runRecord';
import { startSandbox } from '../../src/core/sandbox/sandboxServer';
import type { IndexedRun } from '../../src/editor/runIndex';
import { useSmallSandboxRuns, workspaceFile } from './workspace';

const ledger = (runDir: string): LedgerBatch[] => (JSON.parse(readFileSync(path.join(runDir, LEDGER_FILE), 'utf8')) as { batches: LedgerBatch[] }).batches;

/** zopo.useBatchApi in the editor: a run through the sandbox's Batch API, the refusal with the Language Model API, and a resume that picks up a batch in flight. */
describe('the Batch API from the settings', function () {
  this.timeout(120_000);
  const keys = ['useBatchApi', 'batchSize', 'provider', 'baseUrl', 'model', 'embeddingModel'] as const;

  before(async () => {
    await useSmallSandboxRuns();
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    for (const key of keys) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('optimizes a prompt with every round a batch', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('useBatchApi', true, vscode.ConfigurationTarget.Workspace);
    await config.update('batchSize', 4, vscode.ConfigurationTarget.Workspace);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result, 'Optimize Prompt returned no result');
    assert.equal(result.status, 'done');
    const stored = JSON.parse(await fs.readFile(path.join(result.runDir, 'config.json'), 'utf8')) as { batch?: { roundSize: number } };
    assert.equal(stored.batch?.roundSize, 4);
    const batches = ledger(result.runDir);
    assert.ok(batches.length >= 3 && batches.every((b) => b.ended && b.status === 'completed'), JSON.stringify(batches.map((b) => b.status)));
  });

  it('refuses the Language Model API provider, which has no Batch API', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('useBatchApi', true, vscode.ConfigurationTarget.Workspace);
    await config.update('provider', 'vscode-lm', vscode.ConfigurationTarget.Workspace);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.equal(result, undefined, 'no run starts');
    await config.update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
  });

  it('a run cut off with a batch in flight is resumed from the Runs view, waiting for that batch, no line submitted twice', async () => {
    const data = workspaceFile('data', 'antonyms.jsonl').fsPath;
    const rows = readFileSync(data, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string });
    const items = rows.map((r) => ({ input: exampleInputText({ index: 0, line: 1, inputs: { input: r.input }, output: r.output }), output: r.output }));
    const sandbox = await startSandbox({ datasets: [{ name: 'antonyms', items }], batches: { latencyMs: 1500 } });
    try {
      const prompt = workspaceFile('prompts', 'antonyms.prompt');
      const runDir = path.join(path.dirname(prompt.fsPath), '..', '.zopo-test-runs', 'batch-cut');
      const runConfig = makeRunConfig({
        promptText: await fs.readFile(prompt.fsPath, 'utf8'), promptSource: 'prompts/antonyms.prompt', dataFile: data,
        provider: 'openai', baseUrl: sandbox.baseUrl, model: 'sandbox', embeddingModel: '', budget: 12, validationSize: 5,
        candidateCount: 10, batch: { roundSize: 4, maxPollSeconds: 0.1 },
      });
      const cut = new AbortController();
      let searching = false;
      const first = await runOptimization(runConfig, {
        runDir, apiKey: 'none', signal: cut.signal,
        onEvent: (e) => {
          if (e.type === 'phase' && e.phase === 'searching') searching = true;
          // The window "closes" while a search batch is in flight.
          if (searching && e.type === 'waiting' && e.reason === 'batch' && (e.batch?.done ?? 0) > 0) cut.abort();
        },
      });
      assert.notEqual(first.status, 'done');
      assert.ok(ledger(runDir).some((b) => !b.ended), 'a batch was in flight');
      await fs.writeFile(path.join(runDir, 'editor-target.json'), JSON.stringify({ kind: 'file', uri: prompt.toString(), text: runConfig.promptText }));
      const config = vscode.workspace.getConfiguration('zopo');
      await config.update('provider', 'openai', vscode.ConfigurationTarget.Workspace);
      await config.update('baseUrl', sandbox.baseUrl, vscode.ConfigurationTarget.Workspace);
      await config.update('model', 'sandbox', vscode.ConfigurationTarget.Workspace);
      await config.update('embeddingModel', '', vscode.ConfigurationTarget.Workspace);
      const record = parseRunRecord(await fs.readFile(path.join(runDir, 'run.json'), 'utf8'));
      assert.ok(typeof record !== 'string');
      const node = { kind: 'run', run: { dir: runDir, record, target: { kind: 'file', uri: prompt.toString(), text: runConfig.promptText } } satisfies IndexedRun };
      const resumed = await vscode.commands.executeCommand<RunResult | undefined>('zopo.resumeRun', node);
      assert.ok(resumed);
      assert.equal(resumed.status, 'done');
      assert.equal(resumed.queries, 12);
      assert.deepEqual(Object.values(sandbox.batchStats.submissions).filter((n) => n > 1), [], 'no line submitted twice');
      assert.equal(sandbox.stats.requests.chat, 0, 'no direct chat call');
      assert.ok(ledger(runDir).every((b) => b.ended));
    } finally {
      await sandbox.close();
    }
  });
});
