import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EvaluationEntry } from '../../src/core/pipeline/runFileTypes';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { useSmallSandboxRuns, workspaceFile } from './workspace';

/** The open-ended example, copied from the extension's own folder into the test workspace. */
async function copySupportExample(): Promise<void> {
  const extension = vscode.extensions.getExtension('zopo-dev.zopo-prompt-optimizer');
  assert.ok(extension, 'the extension under test');
  await fs.cp(path.join(extension.extensionPath, 'examples', 'support-replies'), workspaceFile('support').fsPath, { recursive: true });
}

describe('the judge metric from the settings', function () {
  this.timeout(120_000);
  const keys = ['metric', 'judgeRubric', 'judgeModel', 'generatorModel'] as const;

  before(async () => {
    await useSmallSandboxRuns();
    await copySupportExample();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    for (const key of keys) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The suites after this one expect the antonyms workspace as it was.
    await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('data', 'antonyms.jsonl'));
    await fs.rm(workspaceFile('support').fsPath, { recursive: true, force: true });
  });

  it('optimizes a support-reply prompt graded by the judge, with the rubric file and the judge and writer models of the settings', async () => {
    const config = vscode.workspace.getConfiguration('zopo');
    await config.update('metric', 'judge', vscode.ConfigurationTarget.Workspace);
    await config.update('judgeRubric', 'support/rubric.md', vscode.ConfigurationTarget.Workspace);
    await config.update('judgeModel', 'sandbox-judge', vscode.ConfigurationTarget.Workspace);
    await config.update('generatorModel', 'sandbox-writer', vscode.ConfigurationTarget.Workspace);
    const mapping = await vscode.commands.executeCommand('zopo.registerDataset', workspaceFile('support', 'data', 'support.jsonl'));
    assert.deepEqual(mapping, { inputs: ['input'], output: 'output' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('support', 'prompts', 'support.prompt')));
    const result = await vscode.commands.executeCommand<RunResult | undefined>('zopo.optimizePrompt');
    assert.ok(result, 'Optimize Prompt returned no result');
    assert.equal(result.status, 'done');
    const stored = JSON.parse(await fs.readFile(path.join(result.runDir, 'config.json'), 'utf8')) as { metric: unknown; generatorModel: string };
    const rubric = (await fs.readFile(workspaceFile('support', 'rubric.md').fsPath, 'utf8')).trim();
    assert.deepEqual(stored.metric, { name: 'judge', rubric, model: 'sandbox-judge' }, 'the rubric file is read into the run config');
    assert.equal(stored.generatorModel, 'sandbox-writer');
    const models = new Map((result.usage.models ?? []).map((m) => [m.model, m.requests]));
    assert.ok((models.get('sandbox-judge') ?? 0) > 0, 'the judge model graded');
    assert.ok((models.get('sandbox-writer') ?? 0) > 0, 'the writer model wrote candidates');
    const lines = (await fs.readFile(path.join(result.runDir, 'evaluations.jsonl'), 'utf8')).split('\n').filter((l) => l !== '');
    const results = lines.flatMap((l) => (JSON.parse(l) as EvaluationEntry).results);
    assert.ok(results.length > 0 && results.every((r) => /^judge: \(simulated judge\)/.test(r.detail ?? '')), 'every output carries the judge\'s reasoning');
    assert.ok(results.some((r) => r.score > 0 && r.score < 1), 'graded, not matched');
  });
});
