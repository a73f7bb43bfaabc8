import assert from 'node:assert/strict';
import { CallPlanner, DEMOS_PER_INDUCTION, type PlannedCall } from '../../../src/core/candidates/generationPlan';
import { splitTemplate } from '../../../src/core/candidates/templateScaffold';
import type { Example } from '../../../src/core/data/datasetTypes';
import { parsePromptTemplate } from '../../../src/core/prompt/promptTemplate';

const demos: Example[] = Array.from({ length: 12 }, (_, i) => ({ index: i, line: i + 1, inputs: { input: `word${i}` }, output: `out${i}` }));

function plan(original: string, examples: readonly Example[], count: number, seed = 1): PlannedCall[] {
  const template = parsePromptTemplate(original);
  const planner = new CallPlanner(template, splitTemplate(template), examples, seed);
  return planner.canPlan ? Array.from({ length: count }, () => planner.next()) : [];
}

const textOf = (call: PlannedCall): string => call.request.messages.map((m) => m.content).join('\n');

describe('generation plan', () => {
  it('alternates rewrites of every kind with inductions, rewrites first', () => {
    assert.deepEqual(
      plan('Give the antonym.', demos, 9).map((c) => c.kind),
      ['paraphrase', 'induction', 'specific', 'induction', 'format', 'induction', 'shorter', 'induction', 'paraphrase'],
    );
  });

  it('shows five distinct random demonstrations per induction, differently each time', () => {
    const inductions = plan('Give the antonym.', demos, 12).filter((c) => c.kind === 'induction');
    const shown = inductions.map((c) => [...textOf(c).matchAll(/Input: (word\d+)/g)].map((m) => m[1]));
    for (const words of shown) assert.equal(new Set(words).size, DEMOS_PER_INDUCTION);
    assert.ok(new Set(shown.map((w) => w.join())).size > 1);
    assert.ok(inductions.every((c) => (c.request.params?.temperature ?? 0) > 0 && (c.request.params?.n ?? 1) > 1));
  });

  it('is the same for the same seed, with a distinct seed per request', () => {
    const a = plan('Give the antonym.', demos, 10, 4);
    assert.deepEqual(plan('Give the antonym.', demos, 10, 4), a);
    assert.notDeepEqual(plan('Give the antonym.', demos, 10, 5), a);
    assert.equal(new Set(a.map((c) => c.request.params?.seed)).size, a.length);
  });

  it('rewrites only without demonstrations, and induces only from an empty prompt', () => {
    assert.ok(plan('Give the antonym.', [], 6).every((c) => c.kind !== 'induction'));
    assert.ok(plan('  ', demos, 3).every((c) => c.kind === 'induction'));
    assert.deepEqual(plan('', [], 3), []);
  });

  it('rewrites just the instruction of a prompt with a scaffold, and the whole of an inline template', () => {
    const [scaffolded] = plan('Give the antonym.\n\nWord: {input}\nAntonym:', demos, 1);
    assert.ok(scaffolded);
    assert.equal(scaffolded.instructionOnly, true);
    assert.match(textOf(scaffolded), /<instruction>\nGive the antonym\.\n<\/instruction>$/);
    const [inline] = plan('Opposite of {input}? One word.', demos, 1);
    assert.ok(inline);
    assert.equal(inline.instructionOnly, false);
    assert.match(textOf(inline), /Keep the placeholder \{input\} exactly/);
  });
});
