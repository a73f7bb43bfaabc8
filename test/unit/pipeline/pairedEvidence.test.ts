import assert from 'node:assert/strict';
import { holmAdjust, mcnemarExact } from '../../../src/core/eval/pairedComparison';
import { alignPairs, heldOutComparisons, originalPairingExamples, scoresByExample, validationPairing } from '../../../src/core/pipeline/pairedEvidence';
import type { ExampleResult } from '../../../src/core/pipeline/runEvents';
import { parseRunRecord } from '../../../src/core/runs/runRecord';

const r = (exampleIndex: number, score: number, failed = false): ExampleResult => ({ exampleIndex, output: '', expected: '', score, failed });
/** Results over examples 0..n-1 with the given 0/1 scores. */
const results = (scores: readonly number[]): ExampleResult[] => scores.map((s, i) => r(i, s));

describe('paired evidence from per-example results', () => {
  it('pairs by example index, averaging repeats and leaving out failed requests on either side', () => {
    const a = scoresByExample([r(3, 1), r(1, 0), r(3, 0), r(7, 1, true)]);
    assert.deepEqual([...a].sort(), [[1, 0], [3, 0.5]]);
    const pairs = alignPairs(a, new Map([[3, 1], [1, 1], [7, 0]]));
    assert.deepEqual(pairs, { candidate: [0, 0.5], original: [1, 1] });
  });

  it('compares every prompt with the original on the test results, Holm-corrected across them', () => {
    // Candidate 1: 9 wins, 1 loss on 20 (p = 22/1024); candidate 2: 8 wins, 2 losses (p = 112/1024).
    const rep = (v: number, k: number): number[] => new Array<number>(k).fill(v);
    const original = results([...rep(0, 9), 1, ...rep(1, 10)]);
    const one = results([...rep(1, 9), 0, ...rep(1, 10)]); // wins on 0-8, loses on 9
    const two = results([...rep(1, 8), 0, 0, 0, ...rep(1, 9)]); // wins on 0-7, loses on 9 and 10
    const out = heldOutComparisons(new Map([[0, original], [1, one], [2, two]]), 0, 1);
    assert.deepEqual([...out.keys()], [1, 2], 'the original is not compared with itself');
    const c1 = out.get(1);
    const c2 = out.get(2);
    assert.ok(c1 && c2);
    const p1 = mcnemarExact(9, 1, 20).pValue;
    const p2 = mcnemarExact(8, 2, 20).pValue;
    assert.equal(c1.pValue, p1);
    assert.equal(c2.pValue, p2);
    assert.deepEqual([c1.adjustedP, c2.adjustedP], holmAdjust([p1, p2]));
    assert.equal(c1.verdict, 'better', `Holm: 2 x ${p1} < 0.05`);
    assert.equal(c2.verdict, 'no reliable difference');
    assert.equal(c1.examplesNeeded, undefined, 'a settled verdict needs no more examples');
    assert.ok((c2.examplesNeeded ?? 0) > 20, `an unsettled one says how many would settle it (${c2.examplesNeeded})`);
    assert.equal(c1.pairedExamples, 20);
  });

  it('finds the validation examples the original still needs, and the validation delta once paired', () => {
    const seen = new Map<number, Map<number, number>>([[0, new Map([[1, 1], [2, 0]])], [4, new Map([[2, 1], [5, 1], [6, 0]])], [9, new Map([[7, 1]])]]);
    const book = { byExample: (c: number) => seen.get(c) ?? new Map<number, number>() };
    const pool = [1, 2, 3, 5, 6, 7].map((index) => ({ index }));
    assert.deepEqual(originalPairingExamples(pool, book, [4, 0]).map((e) => e.index), [5, 6]);
    assert.deepEqual(originalPairingExamples(pool, book, [4, 9]).map((e) => e.index), [5, 6, 7]);
    assert.deepEqual(validationPairing(book.byExample(4), book.byExample(0)), { delta: 1, pairedExamples: 1 });
    assert.equal(validationPairing(book.byExample(9), book.byExample(0)), undefined);
  });

  it('keeps the verdicts in run.json for the Runs view, and drops a malformed one', () => {
    const test = { delta: 0.2, interval: [0.1, 0.3], pValue: 0.01, adjustedP: 0.02, verdict: 'better', pairedExamples: 50, method: 'mcnemar-exact' };
    const body = { id: 'a', createdAt: 'x', status: 'done', promptSource: 'p', datasetSource: 'd', portfolio: [{ text: 't', score: 0.5, test }, { text: 'u', score: 0.4, test: { ...test, verdict: 'maybe' } }] };
    const parsed = parseRunRecord(JSON.stringify(body));
    assert.ok(typeof parsed !== 'string');
    assert.deepEqual(parsed.portfolio[0]?.test, test);
    assert.equal(parsed.portfolio[1]?.test, undefined);
  });
});
