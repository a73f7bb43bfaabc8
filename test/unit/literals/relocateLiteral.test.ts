import * as assert from 'node:assert/strict';
import { findPromptLiterals } from '../../../src/core/literals/findPromptLiterals';
import { relocate, type LiteralAnchor } from '../../../src/core/literals/relocateLiteral';
import { literalNamed } from './literalTestKit';

const ORIGINAL = 'const SYSTEM = "You are terse.";\nconst other = "x";\n';

async function anchorFor(source: string, name: string): Promise<LiteralAnchor> {
  const literal = await literalNamed(source, 'typescript', name);
  return { bindingName: name, value: literal.value, offset: literal.range.start };
}

describe('relocate', () => {
  it('finds the same literal after edits before it, by exact value', async () => {
    const anchor = await anchorFor(ORIGINAL, 'SYSTEM');
    const edited = `import x from "y";\n\n// moved\nfunction f() {}\nconst renamed = "You are terse.";\nconst other = "x";\n`;
    const result = relocate(anchor, await findPromptLiterals(edited, 'typescript'));
    assert.equal(result.status, 'found');
    assert.equal(result.status === 'found' && result.literal.range.start, edited.indexOf('"You are terse."'));
  });

  it('falls back to the binding name when the value was edited around it', async () => {
    const anchor = await anchorFor(ORIGINAL, 'SYSTEM');
    const edited = 'const SYSTEM = "You are terse and kind.";\nconst other = "x";\n';
    const result = relocate(anchor, await findPromptLiterals(edited, 'typescript'));
    assert.equal(result.status === 'found' && result.literal.value, 'You are terse and kind.');
  });

  it('narrows duplicates of the value by binding name', async () => {
    const anchor = await anchorFor(ORIGINAL, 'SYSTEM');
    const edited = 'const a = "You are terse.";\nconst SYSTEM = "You are terse.";\n';
    const result = relocate(anchor, await findPromptLiterals(edited, 'typescript'));
    assert.equal(result.status === 'found' && result.literal.bindingName, 'SYSTEM');
  });

  it('reports ambiguity instead of guessing, nearest candidate first', async () => {
    const anchor: LiteralAnchor = { bindingName: 'SYSTEM', value: 'gone', offset: 60 };
    const edited = 'function a() { const SYSTEM = "one"; }\nfunction b() { const SYSTEM = "two"; }\n';
    const result = relocate(anchor, await findPromptLiterals(edited, 'typescript'));
    assert.equal(result.status, 'ambiguous');
    assert.deepEqual(result.status === 'ambiguous' && result.candidates.map((c) => c.value), ['two', 'one']);
    const sameValue = relocate({ value: 'dup', offset: 0 }, await findPromptLiterals('f("dup"); g("dup");', 'typescript'));
    assert.equal(sameValue.status, 'ambiguous');
  });

  it('reports missing when neither value nor name is left', async () => {
    const anchor = await anchorFor(ORIGINAL, 'SYSTEM');
    assert.deepEqual(relocate(anchor, await findPromptLiterals('const other = "x";\n', 'typescript')), { status: 'missing' });
    assert.deepEqual(relocate({ value: 'v', offset: 3 }, []), { status: 'missing' });
  });

  it('relocates Python literals after edits before and around them', async () => {
    const source = 'PROMPT = (\n    "Summarise "\n    "the text."\n)\n';
    const literal = await literalNamed(source, 'python', 'PROMPT');
    const anchor: LiteralAnchor = { bindingName: 'PROMPT', value: literal.value, offset: literal.range.start };
    const edited = 'import os\n\n\nPROMPT = "Summarise the text."  # joined\n';
    const result = relocate(anchor, await findPromptLiterals(edited, 'python'));
    assert.equal(result.status === 'found' && result.literal.range.start, edited.indexOf('"Summarise'));
  });
});
