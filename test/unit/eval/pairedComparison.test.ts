import { strict as assert } from 'node:assert';
import {
  binomialCdf,
  clopperPearson,
  comparePaired,
  examplesToSettle,
  holmAdjust,
  mcnemarExact,
  normalQuantile,
  pairedBootstrap,
  verdictOf,
} from '../../../src/core/eval/pairedComparison';

const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

describe('paired comparison statistics', () => {
  it('sums the binomial distribution exactly (hand-computed tails of Bin(10, 1/2))', () => {
    close(binomialCdf(2, 10, 0.5), 56 / 1024, 1e-12, 'P(X <= 2)');
    close(binomialCdf(1, 10, 0.5), 11 / 1024, 1e-12, 'P(X <= 1)');
    close(binomialCdf(0, 5, 0.2), 0.8 ** 5, 1e-12, 'P(X = 0), p = 0.2');
    assert.equal(binomialCdf(10, 10, 0.3), 1);
    assert.equal(binomialCdf(-1, 10, 0.3), 0);
  });

  it('gives the exact McNemar p-value: 2 * P(X <= min(b, c)) under Bin(b + c, 1/2)', () => {
    close(mcnemarExact(8, 2, 50).pValue, (2 * 56) / 1024, 1e-12, 'b = 8, c = 2');
    close(mcnemarExact(1, 9, 50).pValue, (2 * 11) / 1024, 1e-12, 'b = 1, c = 9');
    assert.equal(mcnemarExact(3, 3, 50).pValue, 1, 'equal discordant counts cap at 1');
    assert.deepEqual(mcnemarExact(0, 0, 50), { interval: [0, 0], pValue: 1 });
  });

  it('matches published Clopper-Pearson intervals', () => {
    const [lo0, hi0] = clopperPearson(0, 10);
    close(lo0, 0, 0, '0/10 lower');
    close(hi0, 1 - 0.025 ** (1 / 10), 1e-9, '0/10 upper (closed form)');
    const [lo5, hi5] = clopperPearson(5, 10);
    close(lo5, 0.187086, 1e-5, '5/10 lower');
    close(hi5, 0.812914, 1e-5, '5/10 upper');
    const [lo9] = clopperPearson(9, 10);
    close(lo9, 0.554984, 1e-5, '9/10 lower');
  });

  it('maps the interval onto the delta so that it excludes 0 exactly when p < 0.05', () => {
    // 9 examples only the candidate gets right, 1 only the original, 10 both or neither: delta 8/20.
    const ones = (k: number): number[] => new Array<number>(k).fill(1);
    const zeros = (k: number): number[] => new Array<number>(k).fill(0);
    const cand = [...ones(9), 0, ...ones(10)];
    const orig = [...zeros(9), 1, ...ones(10)];
    const s = comparePaired(cand, orig);
    assert.equal(s.method, 'mcnemar-exact');
    close(s.delta, 0.4, 1e-12, 'delta');
    close(s.pValue, 22 / 1024, 1e-12, 'p');
    close(s.interval[0], (10 * (2 * 0.554984 - 1)) / 20, 1e-5, 'lower bound from the 9/10 Clopper-Pearson bound');
    assert.ok(s.interval[0] > 0 && s.interval[1] <= 0.5);
    // 8 vs 2 is not significant (p = 0.109): the interval then reaches below 0.
    const weak = mcnemarExact(8, 2, 20);
    assert.ok(weak.pValue > 0.05 && weak.interval[0] < 0 && weak.interval[1] > 0);
  });

  it('applies Holm step-down adjustment (hand-computed)', () => {
    assert.deepEqual(holmAdjust([0.01, 0.04, 0.03]).map((p) => Number(p.toFixed(10))), [0.03, 0.06, 0.06]);
    assert.deepEqual(holmAdjust([0.5]), [0.5]);
    assert.deepEqual(holmAdjust([0.6, 0.9]), [1, 1]);
  });

  it('bootstraps graded differences reproducibly with a fixed seed', () => {
    const constant = pairedBootstrap([0.5, 0.5, 0.5, 0.5], 7);
    assert.deepEqual(constant, { interval: [0.5, 0.5], pValue: 0 }, 'a constant difference leaves no doubt');
    const diffs = Array.from({ length: 200 }, (_, i) => ((i * 37) % 11) / 10 - 0.4); // graded, mean 0.1
    const a = pairedBootstrap(diffs, 42);
    assert.deepEqual(pairedBootstrap(diffs, 42), a, 'same seed, same answer');
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (diffs.length - 1));
    const half = (1.96 * sd) / Math.sqrt(diffs.length);
    // The percentile interval agrees with the normal approximation to within 15% of its half-width.
    close(a.interval[0], mean - half, 0.15 * half, 'lower');
    close(a.interval[1], mean + half, 0.15 * half, 'upper');
    assert.ok(a.pValue < 0.05, `a clear positive mean is significant (p = ${a.pValue})`);
    const centred = pairedBootstrap(diffs.map((d) => d - mean), 42);
    assert.ok(centred.pValue > 0.5, `a zero mean is not (p = ${centred.pValue})`);
  });

  it('uses the bootstrap for graded scores and McNemar for 0/1 scores', () => {
    assert.equal(comparePaired([0.5, 1], [0, 1]).method, 'paired-bootstrap');
    assert.equal(comparePaired([1, 0], [0, 1]).method, 'mcnemar-exact');
    assert.throws(() => comparePaired([1], [1, 0]), /differ in length/);
  });

  it('turns deltas and adjusted p-values into verdicts', () => {
    assert.equal(verdictOf(0.1, 0.01), 'better');
    assert.equal(verdictOf(-0.1, 0.01), 'worse');
    assert.equal(verdictOf(0.3, 0.05), 'no reliable difference');
    assert.equal(verdictOf(0, 0), 'no reliable difference');
  });

  it('estimates the examples that would settle a difference (80% power, two-sided 5%)', () => {
    close(normalQuantile(0.975), 1.959964, 1e-5, 'z 0.975');
    close(normalQuantile(0.8), 0.841621, 1e-5, 'z 0.8');
    // ((1.959964 + 0.841621) * 0.5 / 0.1)^2 = 196.2
    assert.equal(examplesToSettle(0.1, 0.5), 197);
    assert.equal(examplesToSettle(0, 0.5), undefined);
    assert.ok((examplesToSettle(0.1, 0.5, 0.05 / 3) as number) > 197, 'a stricter level needs more');
  });
});
