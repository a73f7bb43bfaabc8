/**
 * The judge's flags, shared by `zopo optimize` and `zopo eval`: `--rubric <file|text>` and
 * `--judge-model <m>` belong to `--metric judge`, and a rubric that names a file is read from
 * it (relative to the working directory) when the run's config is made, so the config keeps
 * the rubric's text and a resume grades exactly as the run began.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MetricSpec } from '../core/eval/metrics';
import { RunInputError } from '../core/pipeline/runErrors';
import { UsageError } from './optimizeArgs';

/** The metric with the judge's flags applied; a flag without `--metric judge`, or an empty one, is a UsageError. */
export function withJudgeFlags(metric: MetricSpec | undefined, rubric: string | undefined, judgeModel: string | undefined): MetricSpec | undefined {
  if (rubric === undefined && judgeModel === undefined) return metric;
  if (metric?.name !== 'judge') {
    throw new UsageError(`${rubric !== undefined ? '--rubric' : '--judge-model'} applies to --metric judge only`);
  }
  if (rubric !== undefined && rubric.trim() === '') throw new UsageError('--rubric is empty: give the grading criteria (text or a file), or leave it out to grade against the expected outputs');
  if (judgeModel !== undefined && judgeModel.trim() === '') throw new UsageError('--judge-model is empty');
  return { ...metric, ...(rubric === undefined ? {} : { rubric }), ...(judgeModel === undefined ? {} : { model: judgeModel.trim() }) };
}

/** A rubric naming a file becomes the file's text; an empty file is a RunInputError (exit 2). */
export function resolveRubric(metric: MetricSpec | undefined, cwd: string): MetricSpec | undefined {
  if (metric?.name !== 'judge' || metric.rubric === undefined) return metric;
  const path = resolve(cwd, metric.rubric);
  if (metric.rubric.includes('\n') || !existsSync(path) || !statSync(path).isFile()) return metric;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunInputError(`${metric.rubric}: cannot read the rubric (${error instanceof Error ? error.message : String(error)})`, metric.rubric);
  }
  if (text.trim() === '') throw new RunInputError(`${metric.rubric}:1:1: the rubric file is empty`, metric.rubric, 1, 1);
  return { ...metric, rubric: text.trim() };
}
