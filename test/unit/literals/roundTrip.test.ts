import * as assert from 'node:assert/strict';
import type { SourceLanguage } from '../../../src/core/literals/promptLiteral';
import * as vm from 'node:vm';
import { evaluateJs, hasPython, pythonMismatches, type OracleCase } from './interpreterOracle';
import { roundTrip } from './literalTestKit';

/** Values that break naive quoting: every quote, backslashes, `${`, braces, line breaks, controls, unicode. */
const NASTY_VALUES: readonly string[] = [
  'You are a helpful assistant.',
  '',
  'it\'s "double" `back` \'\'\'triple\'\'\' """triple""" ````',
  'C:\\path\\to\\file and \\n literally',
  'trailing backslash\\',
  '\\',
  'dollar ${notAVar} ${ $ { $',
  '{braces} {{mustache}} }{ {x} {0}',
  'line1\nline2\r\nline3\rend\n',
  'tab\there\u000b\u000c',
  'unicode é 😀 中文 \u2028 \u2029 \u00a0',
  'nul \u0000 one \u0001 del \u007f',
  'lone \ud800 surrogate',
  '"', "'", '`', '"""', "'''", '""""', "''''", '${', '{', '}',
  'ends with quote"', "ends with quote'", 'ends with backtick`',
];

interface Fixture {
  readonly name: string;
  readonly language: SourceLanguage;
  readonly source: string;
}

const JS_FIXTURES: readonly Fixture[] = (['typescript', 'tsx', 'javascript'] as const).flatMap((language) => [
  { name: `${language} single-quoted`, language, source: "const P = 'x';\nconst after = 1;\n" },
  { name: `${language} double-quoted`, language, source: 'const o = { P: "x" };\n' },
  { name: `${language} template`, language, source: 'let P;\nP = `a ${v} b`;\n' },
  { name: `${language} + chain over lines`, language, source: 'const P =\n  "a\\n" +\n  \'b\';\n' },
]);

const PY_FIXTURES: readonly Fixture[] = [
  ["single-quoted", "P = 'x'\n"],
  ['double-quoted', 'P = "x"\n'],
  ["triple single", "P = '''x\n'''\n"],
  ['triple double', 'P = """x"""\n'],
  ['raw', 'P = r"\\d"\n'],
  ['raw triple', "P = r'''\\d'''\n"],
  ['f-string', 'P = f"{v}"\n'],
  ['f-string triple', 'P = f"""a {v}\n"""\n'],
  ['raw f-string', "P = Rf'{v}'\n"],
  ['u-string', 'P = u"x"\n'],
  ['implicit concatenation', 'P = (\n    "a\\n"\n    f"b {v}"\n)\n'],
  ['keyword argument', 'f(P="x")\n'],
].map(([name, source]) => ({ name: `python ${name}`, language: 'python' as const, source: source ?? '' }));

describe('renderReplacement round trip: the file parses and the literal reads back exactly', () => {
  for (const fixture of [...JS_FIXTURES, ...PY_FIXTURES]) {
    it(fixture.name, async () => {
      for (const value of NASTY_VALUES) {
        const { reread, source } = await roundTrip(fixture.source, fixture.language, 'P', value);
        assert.equal(reread.value, value, `value ${JSON.stringify(value)} read back wrong from:\n${source}`);
        assert.equal(reread.bindingName, 'P');
      }
    });
  }

  it('agrees with Node: every rendered JavaScript literal evaluates to the value', async () => {
    for (const fixture of JS_FIXTURES.filter((f) => f.language === 'javascript')) {
      for (const value of NASTY_VALUES) {
        const { replacement, source } = await roundTrip(fixture.source, fixture.language, 'P', value);
        assert.doesNotThrow(() => new vm.Script(source), `node cannot compile:\n${source}`);
        assert.equal(evaluateJs(replacement.text, ['v']), value, replacement.text);
      }
    }
  });

  it('agrees with python3 (when installed): every rendered Python literal evaluates to the value', async () => {
    if (!hasPython()) {
      console.warn('python3 not found: the Python oracle check did not run');
      return;
    }
    const cases: OracleCase[] = [];
    for (const fixture of PY_FIXTURES) {
      for (const value of NASTY_VALUES) {
        const { replacement, source } = await roundTrip(fixture.source, fixture.language, 'P', value);
        cases.push({ literalText: replacement.text, expected: value, file: source });
      }
    }
    assert.deepEqual(pythonMismatches(cases, ['v']), []);
  });

  it('keeps variables working through a nasty edit', async () => {
    const js = await roundTrip('const P = `a ${v} b`;', 'typescript', 'P', '`${v}` \\ ${w} {{v}}');
    assert.deepEqual(js.reread.variables.map((v) => [v.name, v.syntax]), [['v', 'js-template'], ['v', 'mustache']]);
    const py = await roundTrip('P = f"{v}"', 'python', 'P', '"{v}" \\ {w} {{v}}');
    assert.deepEqual(py.reread.variables.map((v) => [v.name, v.syntax]), [['v', 'f-string'], ['v', 'f-string']]);
  });
});
