import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { useSmallSandboxRuns, workspaceFile } from './workspace';

/** What test/extension/fake-lm reports it was asked. */
interface FakeModelStats {
  readonly requests: number;
  readonly judgeGradings: number;
  readonly judgeOther: number;
}

const stats = async (): Promise<FakeModelStats> => (await vscode.commands.executeCommand<FakeModelStats>('zopoTestLm.stats'));

/**
 * The judge and writer models with the Language Model API provider: zopo.judgeModel and
 * zopo.generatorModel pick other chat models the editor has, by family or by id, and a name
 * the editor has no model for stops the run before it starts, asking no model anything.
 * (Runs after runActions.test.ts, which needs the editor to start with no chat model.)
 */
describe('judge and writer models through the Language Model API', function () {
  this.timeout(120_000);
  const keys = ['provider', 'languageModelFamily', 'maxCostUsd', 'metric', 'judgeModel', 'generatorModel', 'shareRuns'] as const;

  before(async () => {
    await useSmallSandboxRuns();
    assert.equal(await vscode.commands.executeCommand('zopoTestLm.register'), true);
    assert.equal(await vscode.commands.executeCommand('zopoTestLm.registerJudge'), true);
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    for (const key of keys) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('grades with the judge model named by its family and writes candidates with the model named by its id', async () => {
    const [judge] = await vscode.lm.selectChatModels({ family: 'fake-judge' });
    const [chat] = await vscode.lm.selectChatModels({ family: 'fake-antonyms' });
    assert.ok(judge && chat, 'the fake models are registered');
    assert.notEqual(judge.id, judge.family, 'the id and the family are different names');
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('provider', 'vscode-lm', vscode.ConfigurationTarget.Workspace);
    await config.update('languageModelFamily', 'fake-antonyms', vscode.ConfigurationTarget.Workspace);
    // No price is known for an editor's model: without a money limit nothing asks first.
    await config.update('maxCostUsd', 0, vscode.ConfigurationTarget.Workspace);
    await config.update('metric', 'judge', vscode.ConfigurationTarget.Workspace);
    await config.update('judgeModel', 'fake-judge', vscode.ConfigurationTarget.Workspace);
    await config.update('generatorModel', judge.id, vscode.ConfigurationTarget.Workspace);
    // The runs and their LLM cache in the workspace's .zopo, emptied: an earlier test's run of this
    // prompt on this model (runActions.test.ts) must not answer this one's calls from the cache.
    await config.update('shareRuns', true, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(workspaceFile('.zopo', 'cache'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
    const before = await stats();
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    const after = await stats();
    assert.equal(result?.status, 'done', 'the run finished');
    const models = new Map((result.usage.models ?? []).map((m) => [m.model, m.requests]));
    const judged = models.get('fake-judge') ?? 0;
    const written = models.get(judge.id) ?? 0;
    assert.ok(judged > 0, `the judge model graded (${JSON.stringify([...models])})`);
    assert.ok(written > 0, 'the writer model wrote candidates');
    assert.equal(after.judgeGradings - before.judgeGradings, judged, 'every grading went to the judge model');
    // A writer request may ask for n candidates: n requests to the model.
    assert.ok(after.judgeOther - before.judgeOther >= written, `the writer requests went to the model named by its id (${after.judgeOther - before.judgeOther} for ${written})`);
    const answered = models.get(chat.id) ?? 0;
    assert.ok(answered > 0 && after.requests - before.requests >= answered, 'the chat model answered');
    // The fake chat model answers every antonym right and the fake judge grades that 10/10.
    assert.equal(result.original.score, 1);
  });

  it('refuses a judge model the editor does not have before the run starts, asking no model', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('judgeModel', 'no-such-judge', vscode.ConfigurationTarget.Workspace);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
    const before = await stats();
    assert.equal(await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt'), undefined, 'no run starts');
    assert.deepEqual(await stats(), before, 'no model was asked');
  });

  it('refuses a zopo.judgeRubric naming a file that does not exist, instead of grading by its name', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('provider', 'sandbox', vscode.ConfigurationTarget.Workspace);
    await config.update('judgeModel', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('judgeRubric', 'rubrics/no-such-rubric.md', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('prompts', 'antonyms.prompt')));
      assert.equal(await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt'), undefined, 'no run starts');
    } finally {
      await config.update('judgeRubric', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
