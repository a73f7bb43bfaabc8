import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUN_LOCK_FILE } from '../../src/core/pipeline/runLock';
import { makeRunConfig } from '../../src/core/pipeline/runConfig';
import { runOptimization } from '../../src/core/pipeline/orchestrator';
import type { RunResult } from '../../src/core/pipeline/runTypes';
import { parseRunRecord } from '../../src/core/runs/runRecord';
import type { IndexedRun } from '../../src/editor/runIndex';
import { useSmallSandboxRuns, workspaceFile } from './workspace';

describe('Apply never overwrites an edit made since the run', function () {
  this.timeout(60_000);

  before(async () => {
    await useSmallSandboxRuns();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses a literal whose value was edited since the run, even though its name still finds it', async () => {
    const uri = workspaceFile('src', 'edited.ts');
    const ranOn = 'Answer briefly.';
    const source = "export const SYSTEM = 'Answer briefly, and politely.';\n";
    await fs.writeFile(uri.fsPath, source);
    const target = { kind: 'literal', uri: uri.toString(), language: 'typescript', anchor: { value: ranOn, bindingName: 'SYSTEM', offset: 22 } };
    const applied = await vscode.commands.executeCommand<boolean>('zopo.applySuggestion', target, 'Better prompt.');
    assert.equal(applied, false);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), source);
  });

  it('refuses a prompt file whose text changed since the run', async () => {
    const uri = workspaceFile('prompts', 'edited.prompt');
    await fs.writeFile(uri.fsPath, 'Edited by the user.\n');
    const target = { kind: 'file', uri: uri.toString(), text: 'What the run read.\n' };
    const applied = await vscode.commands.executeCommand<boolean>('zopo.applySuggestion', target, 'Better prompt.');
    assert.equal(applied, false);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'Edited by the user.\n');
  });

  it('a resume of a run another live process holds is refused (the core lock), and the run is left alone', async () => {
    const prompt = workspaceFile('prompts', 'antonyms.prompt');
    const runDir = path.join(path.dirname(prompt.fsPath), '..', '.zopo-test-runs', 'held-elsewhere');
    const config = makeRunConfig({
      promptText: await fs.readFile(prompt.fsPath, 'utf8'), promptSource: 'prompts/antonyms.prompt', dataFile: workspaceFile('data', 'antonyms.jsonl').fsPath,
      provider: 'sandbox', budget: 12, validationSize: 5,
    });
    const stop = new AbortController();
    const first = await runOptimization(config, { runDir, stopSignal: stop.signal, onEvent: (e) => e.type === 'evaluationFinished' && stop.abort() });
    assert.equal(first.status, 'cancelled');
    const target = { kind: 'file', uri: prompt.toString(), text: config.promptText } as const;
    await fs.writeFile(path.join(runDir, 'editor-target.json'), JSON.stringify(target));
    // The parent of the extension host is alive for the whole test: it stands for another process.
    await fs.writeFile(path.join(runDir, RUN_LOCK_FILE), JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }));
    const evaluations = await fs.readFile(path.join(runDir, 'evaluations.jsonl'), 'utf8');
    const record = parseRunRecord(await fs.readFile(path.join(runDir, 'run.json'), 'utf8'));
    assert.ok(typeof record !== 'string');
    const node = { kind: 'run', run: { dir: runDir, record, target } satisfies IndexedRun };
    const resumed = await vscode.commands.executeCommand<RunResult | undefined>('zopo.resumeRun', node);
    assert.equal(resumed, undefined, 'the resume is refused');
    assert.equal(await fs.readFile(path.join(runDir, 'evaluations.jsonl'), 'utf8'), evaluations);
    assert.match(await fs.readFile(path.join(runDir, RUN_LOCK_FILE), 'utf8'), new RegExp(`"pid":${process.ppid}`), 'the other process keeps its lock');
  });
});
