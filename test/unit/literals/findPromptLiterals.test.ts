import * as assert from 'node:assert/strict';
import { findPromptLiterals, literalAt } from '../../../src/core/literals/findPromptLiterals';
import { literalNamed } from './literalTestKit';

describe('findPromptLiterals (TypeScript/JavaScript)', () => {
  it('reads quoted strings with their kind, exact range and decoded value', async () => {
    const source = "const a = 1;\nconst SYSTEM = 'It\\'s \\x41\\u{1F600}\\d\\\nok';\n";
    const lit = await literalNamed(source, 'typescript', 'SYSTEM');
    assert.equal(lit.kind, 'js-string');
    assert.equal(lit.value, "It's A😀dok");
    assert.equal(source.slice(lit.range.start, lit.range.end), "'It\\'s \\x41\\u{1F600}\\d\\\nok'");
    assert.deepEqual(lit.range.startPosition, { line: 1, column: 15 });
    assert.deepEqual(lit.range.endPosition, { line: 2, column: 3 });
    assert.equal(lit.parts[0]?.quote, "'");
  });

  it('reads template literals with substitutions as variables', async () => {
    const source = 'const prompt = `Hi ${ user.name }!\\n\\`q\\` \\${raw}\r\nend`;';
    const lit = await literalNamed(source, 'typescript', 'prompt');
    assert.equal(lit.kind, 'js-template');
    assert.equal(lit.value, 'Hi ${ user.name }!\n`q` ${raw}\nend');
    assert.deepEqual(lit.variables.map((v) => [v.name, v.placeholder, v.valueOffset]), [['user.name', '${ user.name }', 3]]);
    assert.equal(source.slice(lit.variables[0]?.range?.start, lit.variables[0]?.range?.end), '${ user.name }');
  });

  it('joins a literal-only + chain over lines into one literal with parts', async () => {
    const source = 'const p =\n  "one\\n" +\n  \'two\' +\n  `three ${x}`;\nconst q = "a" + name + "b";\n';
    const lit = await literalNamed(source, 'javascript', 'p');
    assert.equal(lit.parts.length, 3);
    assert.equal(lit.value, 'one\ntwo' + 'three ${x}');
    assert.equal(lit.joiner, ' +\n  ');
    assert.deepEqual(lit.variables.map((v) => v.valueOffset), [13]);
    const all = await findPromptLiterals(source, 'javascript');
    assert.deepEqual(all.map((l) => l.value).slice(1), ['a', 'b']);
  });

  it('finds binding names of declarations, assignments, properties and class fields', async () => {
    const source = [
      'let x; x = "assigned";',
      'this.instruction = "member";',
      'const o = { system: "prop", "content": "quoted key", [k]: "computed" };',
      'class A { template = "field"; }',
      'function f(p = "default") {}',
      'const c = ("as const" as const);',
      'call("arg");',
    ].join('\n');
    const names = (await findPromptLiterals(source, 'typescript')).map((l) => [l.value, l.bindingName]);
    assert.deepEqual(names, [
      ['assigned', 'x'], ['member', 'this.instruction'], ['prop', 'system'], ['quoted key', 'content'],
      ['computed', '[k]'], ['field', 'template'], ['default', 'p'], ['as const', 'c'], ['arg', undefined],
    ]);
  });

  it('leaves out imports, requires, directives, type literals, keys and tagged templates', async () => {
    const source = [
      '"use strict";', 'import a from "mod";', 'export * from "other";', 'const r = require("fs");',
      'type T = "a" | "b";', 'const o = { "key": 1 };', 'const t = html`<b>${x}</b>`;', 'const kept = "kept";',
    ].join('\n');
    assert.deepEqual((await findPromptLiterals(source, 'typescript')).map((l) => l.value), ['kept']);
  });

  it('parses TSX, leaving out JSX attribute strings (HTML rules, no escapes)', async () => {
    const source = 'const SYSTEM = "s";\nexport const C = () => <div title="t">{`x ${SYSTEM}`}</div>;\n';
    const lits = await findPromptLiterals(source, 'tsx');
    assert.deepEqual(lits.map((l) => [l.kind, l.value, l.bindingName]), [
      ['js-string', 's', 'SYSTEM'], ['js-template', 'x ${SYSTEM}', undefined],
    ]);
  });

  it('finds literals nested in substitutions and picks the innermost under the cursor', async () => {
    const source = 'const p = `a ${ok ? "yes" : "no"} b`;';
    const lits = await findPromptLiterals(source, 'typescript');
    assert.equal(lits.length, 3);
    assert.equal(literalAt(lits, source.indexOf('yes'))?.value, 'yes');
    assert.equal(literalAt(lits, source.indexOf(' b`'))?.bindingName, 'p');
    assert.equal(literalAt(lits, source.length - 1)?.bindingName, 'p');
    assert.equal(literalAt(lits, 2), undefined);
  });

  it('survives broken input: skips literals inside errors, keeps the rest', async () => {
    const source = 'const good = "fine";\nconst bad = "unterminated\nconst x = ;\n';
    const lits = await findPromptLiterals(source, 'typescript');
    assert.ok(lits.some((l) => l.value === 'fine'));
    assert.ok(!lits.some((l) => l.value.includes('unterminated')));
  });

  it('counts offsets in UTF-16 code units like the editor', async () => {
    const source = 'const e = "😀"; const p = "after";';
    const lit = await literalNamed(source, 'typescript', 'p');
    assert.equal(lit.range.start, source.indexOf('"after"'));
    assert.equal(lit.range.startPosition.column, source.indexOf('"after"'));
  });
});

describe('findPromptLiterals (Python)', () => {
  it('reads every string kind and excludes byte strings', async () => {
    const source = [
      "a = 'single \\'q\\' \\t'", 'b = "double \\x41\\u00e9\\U0001F600\\101\\d"', "c = '''tri\nple'''",
      'd = """tri\r\nple"""', 'e = r"raw \\d\\"q"', 'f = b"bytes"', 'g = Rb"raw bytes"', 'h = u"unicode"',
    ].join('\n');
    const lits = await findPromptLiterals(source, 'python');
    assert.deepEqual(lits.map((l) => [l.bindingName, l.value, l.parts[0]?.triple, l.parts[0]?.raw]), [
      ['a', "single 'q' \t", false, false], ['b', 'double Aé😀A\\d', false, false], ['c', 'tri\nple', true, false],
      ['d', 'tri\nple', true, false], ['e', 'raw \\d\\"q', false, true], ['h', 'unicode', false, false],
    ]);
  });

  it('reads f-strings: fields are variables, doubled braces are single', async () => {
    const source = 'msg = f"Hi {name!r:>{w}} {{json}} {x + 1}"\n';
    const lit = await literalNamed(source, 'python', 'msg');
    assert.equal(lit.kind, 'py-fstring');
    assert.equal(lit.value, 'Hi {name!r:>{w}} {json} {x + 1}');
    assert.deepEqual(lit.variables.map((v) => [v.name, v.placeholder, v.valueOffset]), [['name', '{name!r:>{w}}', 3], ['x + 1', '{x + 1}', 24]]);
  });

  it('joins implicit concatenation across lines, with mustache variables', async () => {
    const source = 'PROMPT = (\n    "You are {{role}}.\\n"  # c\n    f"Answer {q}"\n)\n';
    const lit = await literalNamed(source, 'python', 'PROMPT');
    assert.equal(lit.parts.length, 2);
    assert.equal(lit.value, 'You are {{role}}.\nAnswer {q}');
    assert.deepEqual(lit.variables.map((v) => [v.name, v.syntax]), [['role', 'mustache'], ['q', 'f-string']]);
    assert.equal(lit.joiner, undefined, 'a comment between parts is not a joiner');
    assert.deepEqual(lit.range.endPosition, { line: 2, column: 17 });
  });

  it('finds keyword arguments, dict values, attributes; skips docstrings and dict keys', async () => {
    const source = '"""Module doc."""\nclass A:\n    """Doc."""\n    def f(self, t="dflt"):\n        self.system_prompt = "attr"\n        client.create(content="kw", messages=[{"role": "user"}])\n';
    const lits = await findPromptLiterals(source, 'python');
    assert.deepEqual(lits.map((l) => [l.value, l.bindingName]), [['dflt', 't'], ['attr', 'self.system_prompt'], ['kw', 'content'], ['user', 'role']]);
  });

  it('notes escapes it cannot decode instead of guessing', async () => {
    const lit = await literalNamed('x = "\\N{BULLET} item"\n', 'python', 'x');
    assert.equal(lit.value, '\\N{BULLET} item');
    assert.equal(lit.notes.length, 1);
  });
});

describe('findPromptLiterals (broken Python)', () => {
  it('keeps literals outside the error and drops unterminated ones', async () => {
    const source = 'good = "fine"\ndef broken(:\n    pass\nbad = "open\n';
    const values = (await findPromptLiterals(source, 'python')).map((l) => l.value);
    assert.ok(values.includes('fine'));
    assert.ok(!values.some((v) => v.startsWith('open')));
  });
});
