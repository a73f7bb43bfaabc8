import assert from 'node:assert/strict';
import { detectSyntax, parsePromptTemplate, renderTemplate, TemplateError, unboundVariables } from '../../../src/core/prompt/promptTemplate';
import { findPlaceholders, scanPython } from '../../../src/core/prompt/templateSyntax';

describe('template syntax detection', () => {
  it('reads Python format fields, with conversions and format specs', () => {
    const t = parsePromptTemplate('Translate {text!r} into {lang:>10}. Then {text}.');
    assert.equal(t.syntax, 'python');
    assert.deepEqual(t.variables, ['text', 'lang']);
    assert.deepEqual(t.placeholders.map((p) => p.raw), ['{text!r}', '{lang:>10}', '{text}']);
  });

  it('treats {{ }} as literal braces in a Python format string', () => {
    const t = parsePromptTemplate('Answer as {{"label": ...}} for {input}');
    assert.equal(t.syntax, 'python');
    assert.deepEqual(t.variables, ['input']);
    assert.equal(renderTemplate(t, { input: 'x' }), 'Answer as {"label": ...} for x');
  });

  it('does not take JSON examples for variables', () => {
    const t = parsePromptTemplate('Reply with JSON like {"a": 1, "b": [2]} and nothing else.');
    assert.equal(t.syntax, undefined);
    assert.deepEqual(t.variables, []);
    const withVar = parsePromptTemplate('Reply like {"a": {"b": 1}} about: {input}');
    assert.deepEqual(withVar.variables, ['input']);
    assert.deepEqual(scanPython(withVar.text).strayBraces.length, 2, 'the closing }} reads as an escape');
    assert.equal(renderTemplate(withVar, { input: 'cats' }), 'Reply like {"a": {"b": 1}} about: cats', 'stray braces: literal text kept as written');
  });

  it('reads Mustache/Jinja placeholders, with spaces and triple braces', () => {
    const t = parsePromptTemplate('Q: {{ question }}\nContext: {{{context}}}\n{{question}}?');
    assert.equal(t.syntax, 'mustache');
    assert.deepEqual(t.variables, ['question', 'context']);
    assert.equal(renderTemplate(t, { question: 'why', context: '<b>' }), 'Q: why\nContext: <b>\nwhy?');
  });

  it('reads JavaScript template placeholders and skips escaped ones', () => {
    const t = parsePromptTemplate('Summarise ${input} in ${ words } words; cost \\${price}.');
    assert.equal(t.syntax, 'js');
    assert.deepEqual(t.variables, ['input', 'words']);
    assert.deepEqual(findPlaceholders('\\${a} ${b}', 'js').map((p) => p.name), ['b']);
  });

  it('lets dataset fields break ties, and honours an explicit syntax', () => {
    const text = 'Use {{ctx}} to answer {question}';
    assert.equal(detectSyntax(text), 'python');
    assert.equal(detectSyntax(text, ['ctx']), 'mustache');
    assert.equal(detectSyntax('Price: ${amount}'), 'js');
    assert.equal(detectSyntax('Price: ${amount} for {item}'), 'python');
    const forced = parsePromptTemplate('Price: ${amount}', { syntax: 'python' });
    assert.deepEqual([forced.syntax, forced.variables], ['python', ['amount']]);
    assert.equal(parsePromptTemplate('{{x}}', { syntax: 'python' }).syntax, undefined);
  });

  it('lists variables no field or binding fills, and refuses to render them', () => {
    const t = parsePromptTemplate('{question} {context}');
    assert.deepEqual(unboundVariables(t, ['question', 'passage']), ['context']);
    assert.deepEqual(unboundVariables(t, ['question', 'passage'], { context: 'passage' }), []);
    assert.throws(() => renderTemplate(t, { question: 'q' }), (e: unknown) => e instanceof TemplateError && e.variables[0] === 'context' && /no value for "context"/.test(e.message));
  });

  it('does not re-expand placeholders that appear inside filled values', () => {
    const t = parsePromptTemplate('A: {a} B: {b}');
    assert.equal(renderTemplate(t, { a: '{b}', b: 'x' }), 'A: {b} B: x');
  });
});
