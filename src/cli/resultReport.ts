/** What `zopo optimize` prints at the end: one JSON object (--json) or a side-by-side table. */
import { relative } from 'node:path';
import type { PortfolioItem } from '../core/pipeline/runEvents';
import type { RunResult } from '../core/pipeline/runTypes';
import { formatCost } from './progressView';

/** The --json output. */
export interface JsonReport {
  readonly prompts: readonly { text: string; score: number; interval: readonly [number, number]; testScore: number | null }[];
  readonly original: { text: string; score: number; testScore: number | null };
  readonly usage: { requests: number; promptTokens: number; completionTokens: number; costUsd: number | null };
  readonly queries: number;
  readonly runDir: string;
  readonly simulated: boolean;
  readonly status: string;
}

/** The result as the --json object (undefined numbers become null, so the keys are always there). */
export function jsonReport(result: RunResult): JsonReport {
  const { usage } = result;
  return {
    prompts: result.portfolio.map((p) => ({ text: p.text, score: p.score, interval: p.interval, testScore: p.testScore ?? null })),
    original: { text: result.original.text, score: result.original.score, testScore: result.original.testScore ?? null },
    usage: { requests: usage.requests, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: usage.costUsd ?? null },
    queries: result.queries,
    runDir: result.runDir,
    simulated: result.simulated,
    status: result.status,
  };
}

/** The human report: original and portfolio side by side, usage, where the files are. */
export function textReport(result: RunResult, cwd: string): string {
  const sim = result.simulated ? ' (simulated)' : '';
  const lines: string[] = [];
  lines.push(result.status === 'done' ? `Done${sim}: ${result.queries} queries.` : `Stopped (${result.status})${sim} after ${result.queries} queries.`);
  if (result.message !== undefined) lines.push(result.message);
  lines.push('', `  ${'validation'.padEnd(24)} ${'test'.padEnd(6)} prompt`);
  lines.push(row('original', result.original));
  result.portfolio.forEach((item, i) => lines.push(row(`#${i + 1}`, item)));
  const u = result.usage;
  lines.push('', `Usage${sim}: ${u.requests} requests, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens, ${u.cacheHits} cached, ${formatCost(u.costUsd, result.simulated)}.`);
  const dir = relative(cwd, result.runDir) || '.';
  lines.push(`Run directory: ${dir}`);
  if (result.status !== 'done') lines.push(`Resume with: zopo optimize --resume ${dir}`);
  return lines.join('\n') + '\n';
}

function row(label: string, item: PortfolioItem): string {
  const val = item.examples > 0 ? `${item.score.toFixed(3)} [${item.interval[0].toFixed(2)}, ${item.interval[1].toFixed(2)}] n=${item.examples}` : 'not scored';
  const test = item.testScore === undefined ? '-' : item.testScore.toFixed(3);
  const text = item.text.replace(/\s+/g, ' ');
  return `${label.padEnd(9)} ${val.padEnd(24)} ${test.padEnd(6)} ${text.length > 90 ? text.slice(0, 87) + '...' : text}`;
}
