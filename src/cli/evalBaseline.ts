/**
 * The earlier result `zopo eval --baseline` compares with: a saved `zopo eval --json` result,
 * or an optimization run directory, whose held-out test scores of the prompt `--write` would
 * choose (the recommended one, else the original) are used. Either way each score is tied to
 * its example's identity, so the comparison pairs the same examples. Anything unusable is a
 * RunInputError (exit 2) before a call is made.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { canonicalJson, sha256Hex } from '../core/cache/stableHash';
import { loadDataset } from '../core/data/datasetLoader';
import { exampleIdentities } from '../core/data/exampleIdentity';
import type { IdentifiedScore } from '../core/eval/baselineComparison';
import type { MetricSpec } from '../core/eval/metrics';
import { recommendedPrompt } from '../core/eval/verdictText';
import { RunDirectory } from '../core/pipeline/runDirectory';
import { errorMessage, RunInputError } from '../core/pipeline/runErrors';
import { EVAL_KIND, type EvalJson, type EvalJsonResult } from './evalReport';

/** A baseline ready to pair with. */
export interface Baseline {
  /** How the report names it: the path, and for a run the prompt used. */
  readonly source: string;
  readonly promptHash: string;
  readonly metric: MetricSpec;
  readonly scores: readonly IdentifiedScore[];
}

/** Reads the baseline at `path` (`shown`: as the user wrote it). */
export async function loadBaseline(path: string, shown: string): Promise<Baseline> {
  if (!existsSync(path)) throw new RunInputError(`--baseline ${shown}: no such file or run directory`, shown);
  return statSync(path).isDirectory() ? fromRunDir(path, shown) : fromEvalJson(path, shown);
}

/** Refuses a baseline scored with another metric: its scores do not compare. */
export function checkSameMetric(baseline: Baseline, metric: MetricSpec, shown: string): void {
  if (canonicalJson(baseline.metric) === canonicalJson(metric)) return;
  throw new RunInputError(`--baseline ${shown}: it was scored with the metric ${canonicalJson(baseline.metric)}, this evaluation uses ${canonicalJson(metric)}: the scores do not compare`, shown);
}

function fromEvalJson(path: string, shown: string): Baseline {
  let value: Partial<EvalJson>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Partial<EvalJson>;
  } catch (error) {
    throw new RunInputError(`--baseline ${shown}: not a JSON file (${errorMessage(error)})`, shown);
  }
  if (value === null || typeof value !== 'object' || value.kind !== EVAL_KIND || !Array.isArray(value.results) || value.metric === undefined) {
    throw new RunInputError(`--baseline ${shown}: not a "zopo eval --json" result (save one with --save <file> or --json > <file>), nor a run directory`, shown);
  }
  const results = value.results as readonly Partial<EvalJsonResult>[];
  const scores = results.filter((r) => r.failed !== true && typeof r.id === 'string' && typeof r.score === 'number').map((r) => ({ id: r.id as string, score: r.score as number }));
  return { source: shown, promptHash: value.promptHash ?? '', metric: value.metric, scores };
}

async function fromRunDir(path: string, shown: string): Promise<Baseline> {
  const dir = new RunDirectory(path);
  let config;
  try {
    config = dir.readConfig();
  } catch (error) {
    throw new RunInputError(`--baseline ${shown}: ${errorMessage(error)}`, shown);
  }
  const stored = dir.readPortfolio();
  if (stored === undefined || !stored.tested) throw new RunInputError(`--baseline ${shown}: the run has no held-out test scores (it did not finish its test)`, shown);
  const chosen = recommendedPrompt(stored.portfolio) ?? stored.original;
  const which = chosen.candidateId === 0 ? 'the original prompt' : 'its recommended prompt';
  const tests = dir.readEvaluations().filter((e) => e.kind === 'test' && e.candidate === chosen.candidateId);
  const test = tests[tests.length - 1];
  if (test === undefined) throw new RunInputError(`--baseline ${shown}: no test scores of ${which} in evaluations.jsonl`, shown);
  const file = config.testDataFile ?? config.dataFile;
  let examples;
  try {
    examples = (await loadDataset(file, { mapping: config.mapping })).examples;
  } catch (error) {
    throw new RunInputError(`--baseline ${shown}: cannot read the run's data file ${file} (${errorMessage(error)})`, shown);
  }
  const ids = exampleIdentities(examples);
  const scores: IdentifiedScore[] = [];
  for (const r of test.results) {
    const example = examples[r.exampleIndex];
    if (example === undefined || example.output !== r.expected) {
      throw new RunInputError(`--baseline ${shown}: ${file} has changed since the run (row ${r.exampleIndex + 1} is not the one it scored)`, shown);
    }
    if (!r.failed) scores.push({ id: ids[r.exampleIndex] ?? '', score: r.score });
  }
  return { source: `${shown} (${which})`, promptHash: sha256Hex(chosen.text), metric: config.metric, scores };
}
