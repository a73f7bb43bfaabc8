/**
 * The judge's flags, shared by `zopo optimize` and `zopo eval`: `--rubric <file|text>` and
 * `--judge-model <m>` belong to `--metric judge`, and a rubric that names a file is read from
 * it (relative to the working directory) when the run's config is made, so the config keeps
 * the rubric's text and a resume grades exactly as the run began.
 */
import type { MetricSpec } from '../core/eval/metrics';
import { readRubricSource } from '../core/eval/rubricSource';
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

/** A rubric naming a file becomes the file's text; an empty, missing or unreadable file is a RunInputError (exit 2). */
export function resolveRubric(metric: MetricSpec | undefined, cwd: string): MetricSpec | undefined {
  if (metric?.name !== 'judge' || metric.rubric === undefined) return metric;
  const source = readRubricSource(metric.rubric, cwd);
  if (source.kind === 'problem') throw new RunInputError(source.message, metric.rubric);
  if (source.kind === 'text') return metric;
  if (source.text.trim() === '') throw new RunInputError(`${metric.rubric}:1:1: the rubric file is empty`, metric.rubric, 1, 1);
  return { ...metric, rubric: source.text.trim() };
}
