import * as assert from 'node:assert/strict';
import type { SourceLanguage } from '../../../src/core/literals/promptLiteral';
import { renderReplacement } from '../../../src/core/literals/renderReplacement';
import { literalNamed, roundTrip } from './literalTestKit';

async function rendered(source: string, language: SourceLanguage, newValue: string): Promise<string> {
  const { replacement } = await roundTrip(source, language, 'P', newValue);
  return replacement.text;
}

describe('renderReplacement: exact text (JavaScript/TypeScript)', () => {
  it('escapes line breaks, the quote and backslashes in a quoted string', async () => {
    assert.equal(await rendered("const P = 'x';", 'typescript', 'It\'s a "test"\nC:\\dir\t.'), "'It\\'s a \"test\"\\nC:\\\\dir\\t.'");
    assert.equal(await rendered('const P = "x";', 'javascript', 'It\'s a "test"'), '"It\'s a \\"test\\""');
  });

  it('keeps template variables and escapes backticks and a ${ that is text', async () => {
    const source = 'const P = `Hi ${name}`;';
    const { replacement, reread } = await roundTrip(source, 'typescript', 'P', 'Use `code`, ${name} and ${other}\n$ {x}');
    assert.equal(replacement.text, '`Use \\`code\\`, ${name} and \\${other}\n$ {x}`');
    assert.deepEqual(reread.variables.map((v) => v.name), ['name']);
  });

  it('accepts a variable written with different spacing', async () => {
    const { replacement } = await roundTrip('const P = `Hi ${ name }`;', 'typescript', 'P', 'Bye ${name}');
    assert.equal(replacement.text, '`Bye ${name}`');
  });

  it('keeps a multi-line + chain split at line breaks, in the original layout', async () => {
    const source = "const P =\n  'line one\\n' +\n  'line two';\n";
    const { replacement } = await roundTrip(source, 'typescript', 'P', 'A\nB\nC');
    assert.equal(replacement.text, "'A\\n' +\n  'B\\n' +\n  'C'");
  });

  it('joins a one-line chain into one literal, of the kind holding the variables', async () => {
    assert.equal(await rendered("const P = 'a' + 'b';", 'typescript', 'x\ny'), "'x\\ny'");
    const { replacement, reread } = await roundTrip("const P = 'a ' +\n  `b ${v}`;", 'typescript', 'P', 'x ${v}\ny');
    assert.equal(replacement.text, '`x ${v}\ny`');
    assert.deepEqual(reread.variables.map((v) => v.name), ['v']);
  });
});

describe('renderReplacement: exact text (Python)', () => {
  it('escapes a single-quoted string', async () => {
    assert.equal(await rendered("P = 'x'", 'python', 'It\'s "q"\n\\ {x}'), "'It\\'s \"q\"\\n\\\\ {x}'");
  });

  it('keeps triple quotes and escapes runs of three quotes and a final quote', async () => {
    assert.equal(await rendered('P = """x"""', 'python', 'say """hi"""'), '"""say ""\\"hi""\\""""');
    assert.equal(await rendered("P = '''x'''", 'python', "two\nlines 'q'"), "'''two\nlines 'q\\''''");
  });

  it('keeps a raw string raw when it can hold the value', async () => {
    const { replacement } = await roundTrip('P = r"\\d+"', 'python', 'P', '\\w+ \\"quoted\\" \\d{2}');
    assert.equal(replacement.text, 'r"\\w+ \\"quoted\\" \\d{2}"');
    assert.deepEqual(replacement.notes, []);
  });

  it('turns a raw string that cannot hold the value into a normal one, with a note', async () => {
    const trailing = await roundTrip('P = r"\\d+"', 'python', 'P', 'C:\\dir\\');
    assert.equal(trailing.replacement.text, '"C:\\\\dir\\\\"');
    assert.match(trailing.replacement.notes[0] ?? '', /backslash/);
    const quote = await roundTrip("P = R'''x'''", 'python', 'P', "ends with '");
    assert.equal(quote.replacement.text, "'''ends with \\''''");
    assert.match(quote.replacement.notes[0] ?? '', /quote/);
  });

  it('keeps f-string fields and doubles literal braces', async () => {
    const { replacement, reread } = await roundTrip('P = f"Hi {name!r}"', 'python', 'P', 'Hey {name!r}: {"json": {{m}}} {nope}');
    assert.equal(replacement.text, 'f"Hey {name!r}: {{\\"json\\": {{{{m}}}}}} {{nope}}"');
    assert.deepEqual(reread.variables.map((v) => v.name), ['name']);
  });

  it('keeps a raw f-string raw with doubled braces', async () => {
    const { replacement } = await roundTrip('P = rf"\\d {n}"', 'python', 'P', '\\w {n} {x}');
    assert.equal(replacement.text, 'rf"\\w {n} {{x}}"');
  });

  it('keeps implicit concatenation split per line; pieces without fields lose the f', async () => {
    const source = 'P = (\n    f"Hi {name}\\n"\n    "more"\n)\n';
    const { replacement } = await roundTrip(source, 'python', 'P', 'Hello {name}\nplain {x}\nlast');
    assert.equal(replacement.text, 'f"Hello {name}\\n"\n    "plain {x}\\n"\n    "last"');
  });

  it('writes a one-line implicit concatenation as one literal', async () => {
    assert.equal(await rendered('P = "a" \'b\'', 'python', "it's"), '"it\'s"');
  });

  it('replaces the whole range of a concatenation', async () => {
    const source = 'P = ("a"\n     "b")\n';
    const literal = await literalNamed(source, 'python', 'P');
    const replacement = renderReplacement(literal, 'z');
    assert.equal(source.slice(replacement.range.start, replacement.range.end), '"a"\n     "b"');
  });
});
