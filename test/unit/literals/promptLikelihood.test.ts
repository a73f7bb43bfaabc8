import * as assert from 'node:assert/strict';
import { findPromptLiterals } from '../../../src/core/literals/findPromptLiterals';
import { promptLikelihood } from '../../../src/core/literals/promptLikelihood';

describe('promptLikelihood', () => {
  it('ranks prompt-like literals above identifiers, paths and short labels', async () => {
    const source = [
      'const mode = "utf-8";',
      'const url = "https://api.example.com/v1";',
      'const label = "Save";',
      'const note = "Saved the file to disk.";',
      'const SYSTEM_PROMPT = `You are a careful reviewer. Read the diff below and list every bug you find.\\n${diff}`;',
    ].join('\n');
    const ranked = (await findPromptLiterals(source, 'typescript')).sort((a, b) => promptLikelihood(b) - promptLikelihood(a));
    assert.deepEqual(ranked.map((l) => l.bindingName).slice(0, 2), ['SYSTEM_PROMPT', 'note']);
    assert.ok(ranked.slice(2).every((l) => promptLikelihood(l) < 0.1), 'single tokens score low');
    const top = ranked[0];
    assert.ok(top && promptLikelihood(top) > 0.9);
    for (const l of ranked) assert.ok(promptLikelihood(l) > 0 && promptLikelihood(l) < 1);
  });

  it('gives a prompt-like binding name weight of its own', async () => {
    const [plain, named] = await findPromptLiterals('x = "Answer briefly."\ninstruction = "Answer briefly."\n', 'python');
    assert.ok(plain && named);
    assert.ok(promptLikelihood(named) > promptLikelihood(plain) + 0.2);
  });
});
