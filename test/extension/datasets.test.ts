import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { FieldMapping } from '../../src/core/data/datasetTypes';
import { waitFor, workspaceFile } from './workspace';

describe('Register Dataset', () => {
  it('checks the file and puts a broken line in the Problems panel at its line', async () => {
    const broken = workspaceFile('data', 'broken.jsonl');
    await fs.writeFile(broken.fsPath, '{"input": "hot", "output": "cold"}\n{"input": "up", "output": "down"}\n{"input": "big", "output": \n');
    const mapping = await vscode.commands.executeCommand<FieldMapping | undefined>('zopo.registerDataset', broken);
    assert.equal(mapping, undefined, 'a broken dataset is not registered');
    const [problem] = await waitFor('the diagnostic', () => {
      const d = vscode.languages.getDiagnostics(broken);
      return d.length ? d : undefined;
    });
    assert.ok(problem);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.range.start.line, 2, 'the error is on the third line');
    assert.equal(problem.source, 'ZOPO');
  });

  it('registers a good file with the default fields and reports duplicate rows as warnings', async () => {
    const file = workspaceFile('data', 'dupes.jsonl');
    await fs.writeFile(file.fsPath, ['hot/cold', 'up/down', 'hot/cold', 'big/small', 'old/new'].map((p) => JSON.stringify({ input: p.split('/')[0], output: p.split('/')[1] })).join('\n') + '\n');
    const mapping = await vscode.commands.executeCommand<FieldMapping | undefined>('zopo.registerDataset', file);
    assert.deepEqual(mapping, { inputs: ['input'], output: 'output' });
    const warnings = vscode.languages.getDiagnostics(file);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warnings[0]?.range.start.line, 2, 'the duplicate is the third row');
  });
});
