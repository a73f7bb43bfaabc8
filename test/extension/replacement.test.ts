import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { findPromptLiterals } from '../../src/core/literals/findPromptLiterals';
import type { SourceLanguage } from '../../src/core/literals/promptLiteral';
import { hasSyntaxErrors } from '../../src/core/literals/treeSitterLoader';
import { workspaceFile } from './workspace';

const wasmDir = vscode.Uri.joinPath(vscode.extensions.getExtension('zopo-dev.zopo-prompt-optimizer')!.extensionUri, 'dist', 'wasm').fsPath;

interface Fixture {
  readonly name: string;
  readonly file: string;
  readonly language: SourceLanguage;
  readonly source: string;
  readonly binding: string;
  readonly newValue: string;
  readonly expected: string;
}

const fixtures: Fixture[] = [
  {
    name: 'a single-quoted TypeScript string gets quotes, backslashes and newlines escaped',
    file: 'single.ts', language: 'typescript', binding: 'SYSTEM',
    source: "export const SYSTEM = 'Answer briefly.';\n",
    newValue: "Don't guess.\nUse C:\\path as-is.",
    expected: "export const SYSTEM = 'Don\\'t guess.\\nUse C:\\\\path as-is.';\n",
  },
  {
    name: 'a JavaScript template literal keeps its ${} variable and escapes backticks',
    file: 'template.js', language: 'javascript', binding: 'prompt',
    source: 'const prompt = `Translate ${text} to French.`;\n',
    newValue: 'Translate the `quoted` text ${text} into French.\nKeep the tone.',
    expected: 'const prompt = `Translate the \\`quoted\\` text ${text} into French.\nKeep the tone.`;\n',
  },
  {
    name: 'a Python triple-quoted string stays triple-quoted',
    file: 'triple.py', language: 'python', binding: 'PROMPT',
    source: 'PROMPT = """Classify the review.\nAnswer positive or negative."""\n',
    newValue: 'Classify the "review" below.\nAnswer with one word: positive or negative.',
    expected: 'PROMPT = """Classify the "review" below.\nAnswer with one word: positive or negative."""\n',
  },
  {
    name: 'a Python f-string keeps {x} working and doubles literal braces',
    file: 'fstring.py', language: 'python', binding: 'prompt',
    source: 'def build(word):\n    prompt = f"Antonym of {word}?"\n    return prompt\n',
    newValue: 'Give the antonym of {word} as JSON like {"answer": "..."}.',
    expected: 'def build(word):\n    prompt = f"Give the antonym of {word} as JSON like {{\\"answer\\": \\"...\\"}}."\n    return prompt\n',
  },
];

describe('replacing a prompt literal in place', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const f of fixtures) {
    it(f.name, async () => {
      const uri = workspaceFile('src', f.file);
      await fs.writeFile(uri.fsPath, f.source);
      const [literal] = (await findPromptLiterals(f.source, f.language, { wasmDir })).filter((l) => l.bindingName === f.binding);
      assert.ok(literal, 'the fixture has the literal');
      const target = { kind: 'literal', uri: uri.toString(), language: f.language, anchor: { value: literal.value, bindingName: f.binding, offset: literal.range.start } };
      const applied = await vscode.commands.executeCommand<boolean>('zopo.applySuggestion', target, f.newValue);
      assert.equal(applied, true);
      const doc = await vscode.workspace.openTextDocument(uri);
      const after = doc.getText();
      assert.equal(after, f.expected);
      assert.equal(await hasSyntaxErrors(after, f.language, { wasmDir }), false, 'the edited file still parses');
      const reparsed = (await findPromptLiterals(after, f.language, { wasmDir })).find((l) => l.bindingName === f.binding);
      assert.equal(reparsed?.value, f.newValue, 'the literal holds exactly the new prompt');
      await doc.save();
    });
  }

  it('writes nothing when the literal can no longer be found unambiguously', async () => {
    const uri = workspaceFile('src', 'twice.ts');
    const source = "const a = 'Same prompt.';\nconst b = 'Same prompt.';\n";
    await fs.writeFile(uri.fsPath, source);
    const target = { kind: 'literal', uri: uri.toString(), language: 'typescript', anchor: { value: 'Same prompt.', offset: 10 } };
    const applied = await vscode.commands.executeCommand<boolean>('zopo.applySuggestion', target, 'Better prompt.');
    assert.equal(applied, false);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), source);
  });
});
