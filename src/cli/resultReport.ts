/** What `zopo optimize` prints at the end: one JSON object (--json) or a side-by-side table. */
import { relative } from 'node:path';
import type { Verdict } from '../core/eval/pairedComparison';
import { noImprovementText, recommendedPrompt, signed, verdictLine } from '../core/eval/verdictText';
import type { PortfolioItem } from '../core/pipeline/runEvents';
import type { RunResult } from '../core/pipeline/runTypes';
import { formatCost } from './progressView';

/** One returned prompt in the --json output: the held-out verdict first, validation as detail. */
export interface JsonPrompt {
  readonly text: string;
  /** Mean of prompt − original per paired test example; null when untested. */
  readonly testDelta: number | null;
  /** 95% paired interval for testDelta. */
  readonly testInterval: readonly [number, number] | null;
  readonly verdict: Verdict | null;
  readonly pairedExamples: number;
  /** Holm-adjusted p-value across the portfolio. */
  readonly adjustedP: number | null;
  /** For an unsettled verdict: paired test examples in all that would settle it (80% power). */
  readonly examplesNeeded: number | null;
  readonly testScore: number | null;
  readonly score: number;
  readonly interval: readonly [number, number];
  readonly validationDelta: number | null;
  readonly validationPairedExamples: number;
}

/** The --json output. */
export interface JsonReport {
  readonly prompts: readonly JsonPrompt[];
  /** Index into `prompts` of the one that may replace the original (held-out verdict `better`), or null. */
  readonly recommended: number | null;
  /** Set when no prompt is reliably better: says so and what would settle it. */
  readonly noImprovement: string | null;
  readonly original: { text: string; score: number; testScore: number | null };
  readonly usage: { requests: number; promptTokens: number; completionTokens: number; costUsd: number | null };
  readonly queries: number;
  readonly runDir: string;
  readonly simulated: boolean;
  readonly status: string;
  /** Outputs the LLM judge could not grade (left out of the scores). */
  readonly failedGradings: number;
  /** Chat usage per model (chat, writer, judge), each at its own price. */
  readonly usageByModel: readonly { model: string; requests: number; promptTokens: number; completionTokens: number; costUsd: number | null }[];
}

/** The result as the --json object (undefined numbers become null, so the keys are always there). */
export function jsonReport(result: RunResult): JsonReport {
  const { usage } = result;
  return {
    prompts: result.portfolio.map(jsonPrompt),
    recommended: recommendedIndex(result.portfolio),
    noImprovement: noImprovementText(result.portfolio) ?? null,
    original: { text: result.original.text, score: result.original.score, testScore: result.original.testScore ?? null },
    usage: { requests: usage.requests, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: usage.costUsd ?? null },
    queries: result.queries,
    runDir: result.runDir,
    simulated: result.simulated,
    status: result.status,
    failedGradings: result.failedGradings ?? 0,
    usageByModel: (usage.models ?? []).map((m) => ({ ...m, costUsd: m.costUsd ?? null })),
  };
}

function jsonPrompt(p: PortfolioItem): JsonPrompt {
  const t = p.test;
  return {
    text: p.text,
    testDelta: t?.delta ?? null,
    testInterval: t?.interval ?? null,
    verdict: t?.verdict ?? null,
    pairedExamples: t?.pairedExamples ?? 0,
    adjustedP: t?.adjustedP ?? null,
    examplesNeeded: t?.examplesNeeded ?? null,
    testScore: p.testScore ?? null,
    score: p.score,
    interval: p.interval,
    validationDelta: p.validationPaired?.delta ?? null,
    validationPairedExamples: p.validationPaired?.pairedExamples ?? 0,
  };
}

function recommendedIndex(portfolio: readonly PortfolioItem[]): number | null {
  const best = recommendedPrompt(portfolio);
  return best === undefined ? null : portfolio.indexOf(best);
}

/** The human report: original and portfolio side by side, usage, where the files are. */
export function textReport(result: RunResult, cwd: string): string {
  const sim = result.simulated ? ' (simulated)' : '';
  const lines: string[] = [];
  lines.push(result.status === 'done' ? `Done${sim}: ${result.queries} queries.` : `Stopped (${result.status})${sim} after ${result.queries} queries.`);
  if (result.message !== undefined) lines.push(result.message);
  const none = noImprovementText(result.portfolio);
  if (none !== undefined) lines.push(none);
  lines.push('', `${''.padEnd(9)} ${'held-out test vs original'.padEnd(VERDICT_WIDTH)} ${'validation (details)'.padEnd(VALIDATION_WIDTH)} prompt`);
  lines.push(row('original', result.original));
  result.portfolio.forEach((item, i) => lines.push(row(`#${i + 1}`, item)));
  const u = result.usage;
  lines.push('', `Usage${sim}: ${u.requests} requests, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens, ${u.cacheHits} cached, ${formatCost(u.costUsd, result.simulated)}.`);
  if ((u.models?.length ?? 0) > 1) for (const m of u.models ?? []) lines.push(`  ${m.model}: ${m.requests} requests, ${m.promptTokens} + ${m.completionTokens} tokens, ${formatCost(m.costUsd, result.simulated)}`);
  if (result.failedGradings !== undefined && result.failedGradings > 0) {
    lines.push(`Failed gradings: ${result.failedGradings} outputs the judge could not grade (no score after a retry, or its call failed); left out of the scores.`);
  }
  const dir = relative(cwd, result.runDir) || '.';
  lines.push(`Run directory: ${dir}`);
  if (result.status !== 'done') lines.push(`Resume with: zopo optimize --resume ${dir}`);
  return lines.join('\n') + '\n';
}

const VERDICT_WIDTH = 72;
const VALIDATION_WIDTH = 36;

function row(label: string, item: PortfolioItem): string {
  const own = item.examples > 0 ? `${item.score.toFixed(3)} n=${item.examples}` : 'not scored';
  const paired = item.validationPaired === undefined ? '' : ` (${signed(item.validationPaired.delta)} on ${item.validationPaired.pairedExamples} paired)`;
  // The original (also when it stays in the portfolio) is the baseline: its own test mean.
  const verdict = item.candidateId === 0 ? (item.testScore === undefined ? '-' : `original, test ${item.testScore.toFixed(3)}`) : verdictLine(item);
  const text = item.text.replace(/\s+/g, ' ');
  return `${label.padEnd(9)} ${verdict.padEnd(VERDICT_WIDTH)} ${(own + paired).padEnd(VALIDATION_WIDTH)} ${text.length > 90 ? text.slice(0, 87) + '...' : text}`;
}
