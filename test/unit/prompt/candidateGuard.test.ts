import assert from 'node:assert/strict';
import { guardCandidate, type CandidateVerdict } from '../../../src/core/prompt/candidateGuard';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';

function accepted(v: CandidateVerdict): { text: string; repairs: readonly string[] } {
  if (!v.ok) assert.fail(`rejected: ${v.reason}`);
  return v;
}

function rejected(v: CandidateVerdict): string {
  if (v.ok) assert.fail(`accepted: ${v.text}`);
  return v.reason;
}

describe('candidate guard', () => {
  const py = parsePromptTemplate('Translate the sentence into German.\n{input}');

  it('passes a candidate that keeps every variable, unchanged', () => {
    const v = accepted(guardCandidate(py, '  Render {input} in German.  '));
    assert.deepEqual([v.text, v.repairs], ['Render {input} in German.', []]);
  });

  it('appends a missing variable on its own line, written as in the original', () => {
    const spaced = parsePromptTemplate('Question: {{ question }}\nContext: {{ context }}');
    const v = accepted(guardCandidate(spaced, 'Answer the question using the context: {{ context }}'));
    assert.equal(v.text, 'Answer the question using the context: {{ context }}\n\n{{ question }}');
    assert.deepEqual(v.repairs, ['appended missing variable "question"']);
    const bare = accepted(guardCandidate(py, 'Translate to German.'));
    assert.equal(bare.text, 'Translate to German.\n\n{input}');
  });

  it('rejects a candidate that invents a variable', () => {
    assert.match(rejected(guardCandidate(py, 'Translate {input} into {language}.')), /introduces variable "language"/);
    const js = parsePromptTemplate('Summarise: ${text}');
    assert.match(rejected(guardCandidate(js, 'Summarise ${text} for ${audience}')), /"audience"/);
  });

  it('rewrites the original variables written in another syntax', () => {
    const fromMustache = accepted(guardCandidate(py, 'Put {{input}} into German.'));
    assert.equal(fromMustache.text, 'Put {input} into German.');
    const fromJs = accepted(guardCandidate(py, 'Put ${input} into German.'));
    assert.equal(fromJs.text, 'Put {input} into German.');
    const js = parsePromptTemplate('Summarise: ${text}');
    assert.equal(accepted(guardCandidate(js, 'Summarise {text} briefly, see ${text}')).text, 'Summarise ${text} briefly, see ${text}');
    const mustache = parsePromptTemplate('Q: {{q}}');
    assert.equal(accepted(guardCandidate(mustache, 'Answer {q} now')).text, 'Answer {{q}} now');
  });

  it('keeps a Python format string valid by doubling stray braces', () => {
    const v = accepted(guardCandidate(py, 'Return {"de": ...} for {input}'));
    assert.equal(v.text, 'Return {{"de": ...}} for {input}');
    assert.deepEqual(v.repairs, ['doubled stray braces so the text stays a valid format string']);
    const loose = parsePromptTemplate('Return {"a": 1} for {input}');
    assert.equal(accepted(guardCandidate(loose, 'Give {"b": 2} for {input}')).text, 'Give {"b": 2} for {input}', 'an original that is no valid format string is left alone');
  });

  it('rejects empty candidates and variables added to a prompt that has none', () => {
    const plain = parsePromptTemplate('Write the antonym of the word.');
    assert.equal(rejected(guardCandidate(plain, '   ')), 'the candidate is empty');
    assert.match(rejected(guardCandidate(plain, 'Give the antonym of {word}.')), /introduces variable "\{word\}", but the original prompt has no variables/);
    assert.match(rejected(guardCandidate(plain, 'Antonym of {{ word }}')), /no variables/);
    const ok = accepted(guardCandidate(plain, 'Reply with JSON {"antonym": "..."}'));
    assert.equal(ok.text, 'Reply with JSON {"antonym": "..."}');
  });

  it('returns the repaired candidate parsed in the original syntax', () => {
    const v = guardCandidate(py, 'German please.');
    assert.ok(v.ok);
    assert.deepEqual([v.template.syntax, v.template.variables], ['python', ['input']]);
  });
});
