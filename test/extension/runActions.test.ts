import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runOptimization } from '../../src/core/pipeline/orchestrator';
import { makeRunConfig } from '../../src/core/pipeline/runConfig';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import type { IndexedRun } from '../../src/editor/runIndex';
import { parseRunRecord } from '../../src/core/runs/runRecord';
import { useSmallSandboxRuns, waitFor, workspaceFile } from './workspace';

describe('run actions', function () {
  this.timeout(120_000);

  before(async () => {
    await useSmallSandboxRuns();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('zopo').update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
  });

  it('resumes a run that stopped half-way, from the Runs view, to the end of its budget', async () => {
    const prompt = workspaceFile('prompts', 'antonyms.prompt');
    const runDir = path.join(path.dirname(prompt.fsPath), '..', '.zopo-test-runs', 'half-way');
    const config = makeRunConfig({
      promptText: (await fs.readFile(prompt.fsPath, 'utf8')), promptSource: 'prompts/antonyms.prompt', dataFile: workspaceFile('data', 'antonyms.jsonl').fsPath,
      provider: 'sandbox', budget: 16, validationSize: 5,
    });
    const stop = new AbortController();
    const first = await runOptimization(config, {
      runDir,
      stopSignal: stop.signal,
      onEvent: (e) => { if (e.type === 'evaluationFinished' && e.queries >= 6) stop.abort(); },
    });
    assert.equal(first.status, 'cancelled');
    assert.ok(first.queries < 16);
    const target = { kind: 'file', uri: prompt.toString(), text: config.promptText } as const;
    await fs.writeFile(path.join(runDir, 'editor-target.json'), JSON.stringify(target));
    const record = parseRunRecord(await fs.readFile(path.join(runDir, 'run.json'), 'utf8'));
    assert.ok(typeof record !== 'string');
    const node = { kind: 'run', run: { dir: runDir, record, target } satisfies IndexedRun };
    const resumed = await vscode.commands.executeCommand<RunResult | undefined>('zopo.resumeRun', node);
    assert.ok(resumed);
    assert.equal(resumed.status, 'done');
    assert.equal(resumed.queries, 16, 'the resumed run spends the rest of its budget');
  });

  it('previews an optimized prompt as a diff of the whole file', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'antonyms.py'));
    const value = 'You are a careful lexicographer.\nReply with the antonym of the word the user gives, in lower case, and nothing else.';
    const target = { kind: 'literal', uri: doc.uri.toString(), language: 'python', anchor: { value, bindingName: 'SYSTEM_PROMPT', offset: 0 } };
    await vscode.commands.executeCommand('zopo.diffSuggestion', target, 'Give the antonym.\nOne word, lower case.');
    const tab = await waitFor('the diff tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), doc.uri.toString());
    assert.equal(input.modified.scheme, 'zopo-preview');
    const after = await vscode.workspace.openTextDocument(input.modified);
    assert.ok(after.getText().includes('SYSTEM_PROMPT = """Give the antonym.\nOne word, lower case."""'));
    assert.equal(doc.isDirty, false, 'a preview changes nothing');
  });

  it('with the Language Model API provider and no chat model available, says so and starts nothing', async () => {
    await vscode.workspace.getConfiguration('zopo').update('provider', 'vscode-lm', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    const doc = await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt'));
    await vscode.window.showTextDocument(doc);
    const models = await vscode.lm.selectChatModels({});
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.equal(models.length, 0, 'no chat model before the fake one registers');
    assert.equal(result, undefined);
  });

  it('with the Language Model API provider, optimizes on a chat model the editor has, through the loopback endpoint', async () => {
    // The fake model of test/extension/fake-lm: it answers a word with its antonym from the
    // dataset when the instruction asks for the opposite, which the example's prompt does.
    assert.equal(await vscode.commands.executeCommand('zopoTestLm.register'), true);
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('provider', 'vscode-lm', vscode.ConfigurationTarget.Workspace);
    await config.update('languageModelFamily', 'fake-antonyms', vscode.ConfigurationTarget.Workspace);
    // No price is known for an editor's model: without a money limit nothing asks first.
    await config.update('maxCostUsd', 0, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
      const before = await vscode.commands.executeCommand<FakeModelStats>('zopoTestLm.stats');
      const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
      const after = await vscode.commands.executeCommand<FakeModelStats>('zopoTestLm.stats');
      assert.equal(result?.status, 'done');
      assert.equal(result.simulated, false);
      assert.ok(result.usage.requests > 0);
      // Every HTTP request to the endpoint is at least one request to the model (n choices are n).
      assert.ok(after.requests - before.requests >= result.usage.requests, `${after.requests - before.requests} model requests for ${result.usage.requests} calls`);
      assert.ok(after.extensions.includes('zopo-dev.zopo-prompt-optimizer'), `requests came from ${after.extensions.join(', ')}`);
      assert.ok(after.tokenCounts > before.tokenCounts && result.usage.promptTokens > 0, `tokens are counted by the model (${after.tokenCounts - before.tokenCounts} counts, ${result.usage.promptTokens} prompt tokens)`);
      // The instruction went first and the word last: the fake model got every example right.
      assert.equal(result.original.score, 1);
      assert.equal(result.original.testScore, 1);

      // A family the editor does not have: nothing runs, and no other model is used instead.
      await config.update('languageModelFamily', 'no-such-family', vscode.ConfigurationTarget.Workspace);
      const asked = (await vscode.commands.executeCommand<FakeModelStats>('zopoTestLm.stats')).requests;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
      assert.equal(await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt'), undefined);
      assert.equal((await vscode.commands.executeCommand<FakeModelStats>('zopoTestLm.stats')).requests, asked);
    } finally {
      await config.update('languageModelFamily', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('maxCostUsd', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

/** What test/extension/fake-lm reports it was asked. */
interface FakeModelStats {
  readonly requests: number;
  readonly tokenCounts: number;
  readonly extensions: readonly string[];
}
