/** What `zopo eval` prints: one JSON object (--json, --save; a later run's --baseline) or a few lines. */
import type { BaselineComparison, ScoreInterval } from '../core/eval/baselineComparison';
import type { MetricSpec } from '../core/eval/metrics';
import type { UsageSnapshot } from '../core/pipeline/runEvents';
import { signed } from '../core/eval/verdictText';
import { formatCost } from './progressView';

/** Marks a file as a `zopo eval` result. */
export const EVAL_KIND = 'zopo-eval';

/** One example's outcome; `failed`: no answer, or no grading; left out of the score. */
export interface EvalJsonResult {
  readonly id: string;
  /** 0-based row and 1-based line in the data file. */
  readonly index: number;
  readonly line: number;
  readonly score: number;
  readonly failed: boolean;
  readonly output: string;
  readonly expected: string;
  readonly detail?: string;
}

/** The baseline part of the result. */
export interface EvalJsonBaseline {
  readonly source: string;
  readonly promptHash: string;
  readonly pairedExamples: number;
  readonly score: number;
  readonly baselineScore: number;
  readonly delta: number;
  readonly interval: readonly [number, number];
  readonly pValue: number;
  readonly method: BaselineComparison['method'];
  readonly verdict: BaselineComparison['verdict'];
  /** Scored here but not in the baseline, and the other way round (not compared). */
  readonly onlyHere: number;
  readonly onlyInBaseline: number;
}

/** The --json output. */
export interface EvalJson {
  readonly kind: typeof EVAL_KIND;
  readonly version: 1;
  /** `failed`: below --min-score, or reliably worse than --baseline (exit 1). */
  readonly status: 'passed' | 'failed';
  readonly score: number;
  readonly interval: readonly [number, number];
  readonly intervalMethod: ScoreInterval['method'];
  /** Examples scored (failures left out). */
  readonly examples: number;
  readonly failures: number;
  readonly metric: MetricSpec;
  readonly model: string;
  readonly provider: string;
  readonly simulated: boolean;
  readonly promptSource: string;
  /** SHA-256 of the prompt text. */
  readonly promptHash: string;
  readonly prompt: string;
  readonly dataFile: string;
  /** SHA-256 of the identities of the examples used, in order. */
  readonly dataHash: string;
  readonly split: 'all' | 'test';
  readonly minScore: { readonly threshold: number; readonly passed: boolean } | null;
  readonly baseline: EvalJsonBaseline | null;
  readonly usage: { readonly requests: number; readonly promptTokens: number; readonly completionTokens: number; readonly cacheHits: number; readonly costUsd: number | null };
  /** Each chat model's part (the chat model's answers, the judge's gradings), at its own price; null: unknown. */
  readonly usageByModel: readonly { readonly model: string; readonly requests: number; readonly promptTokens: number; readonly completionTokens: number; readonly costUsd: number | null }[];
  readonly results: readonly EvalJsonResult[];
}

/** The human report. */
export function evalText(r: EvalJson, usage: UsageSnapshot): string {
  const sim = r.simulated ? ' (simulated)' : '';
  const [lo, hi] = r.interval;
  const how = r.intervalMethod === 'wilson' ? 'Wilson' : 'bootstrap';
  const lines = [`Score${sim}: ${r.score.toFixed(3)}  95% interval [${lo.toFixed(3)}, ${hi.toFixed(3)}] (${how}) on ${r.examples} examples; metric ${r.metric.name}, model ${r.model}`];
  if (r.failures > 0) {
    const first = r.results.find((x) => x.failed)?.detail ?? 'no answer';
    lines.push(`Failed: ${r.failures} examples were not scored (${first}); they are left out of the score`);
  }
  if (r.minScore !== null) lines.push(`Minimum score ${r.minScore.threshold}: ${r.minScore.passed ? 'passed' : `FAILED (${r.score.toFixed(3)} < ${r.minScore.threshold})`}`);
  const b = r.baseline;
  if (b !== null) {
    const test = b.method === 'mcnemar-exact' ? 'McNemar' : 'paired bootstrap';
    const unpaired = b.onlyHere + b.onlyInBaseline > 0 ? `; ${b.onlyHere} examples only here and ${b.onlyInBaseline} only in the baseline are not compared` : '';
    const verdict = b.verdict === 'worse' ? 'WORSE than the baseline (a reliable regression)' : b.verdict === 'better' ? 'better than the baseline' : 'no reliable difference from the baseline';
    lines.push(`Baseline ${b.source}: ${b.baselineScore.toFixed(3)} -> ${b.score.toFixed(3)} on ${b.pairedExamples} paired examples, ${signed(b.delta, 3)} [${signed(b.interval[0], 3)}, ${signed(b.interval[1], 3)}], p = ${b.pValue.toPrecision(2)} (${test}): ${verdict}${unpaired}`);
  }
  lines.push(`Usage${sim}: ${usage.requests} requests, ${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens, ${usage.cacheHits} cached, ${formatCost(usage.costUsd, r.simulated)}.`);
  if ((usage.models?.length ?? 0) > 1) for (const m of usage.models ?? []) lines.push(`  ${m.model}: ${m.requests} requests, ${m.promptTokens} + ${m.completionTokens} tokens, ${formatCost(m.costUsd, r.simulated)}`);
  lines.push(r.status === 'passed' ? 'Result: passed' : 'Result: FAILED');
  return lines.join('\n') + '\n';
}
