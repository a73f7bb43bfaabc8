import type { MetricSpec } from '../core/eval/metrics';
import { readRubricSource } from '../core/eval/rubricSource';
import type { Settings } from './settings';

/**
 * The judge metric from `zopo.judgeRubric` and `zopo.judgeModel`. A rubric naming a workspace
 * file is read from it (so the run's config keeps the text it was graded by); an empty one
 * means grading against the expected answers.
 */
export function judgeMetricFor(settings: Settings, workspaceRoot: string | undefined): MetricSpec {
  const rubric = rubricText(settings.judgeRubric, workspaceRoot);
  return { name: 'judge', ...(rubric === undefined ? {} : { rubric }), ...(settings.judgeModel === '' ? {} : { model: settings.judgeModel }) };
}

/** Undefined when the setting is empty; an empty file stays empty, and the run refuses it with a clear error. */
function rubricText(value: string, workspaceRoot: string | undefined): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (workspaceRoot === undefined) return text;
  const source = readRubricSource(text, workspaceRoot);
  return source.kind === 'problem' ? text : source.text.trim();
}

/**
 * Why a run cannot start with the judge settings, or undefined: `zopo.judgeRubric` names a
 * file that is missing (or a folder). Checked before a run starts, so nothing is spent.
 */
export function judgeSettingsProblem(settings: Settings, workspaceRoot: string | undefined): string | undefined {
  if (settings.metric !== 'judge' || settings.judgeRubric.trim() === '' || workspaceRoot === undefined) return undefined;
  const source = readRubricSource(settings.judgeRubric.trim(), workspaceRoot);
  return source.kind === 'problem' ? `ZOPO: zopo.judgeRubric: ${source.message}.` : undefined;
}

/** How the Set-up section names the metric: "judge (gpt-4o, rubric)". */
export function metricLabel(settings: Settings, chatModel: string): string {
  if (settings.metric !== 'judge') return settings.metric;
  const model = settings.judgeModel === '' ? chatModel : settings.judgeModel;
  return `judge (${model}, ${settings.judgeRubric.trim() === '' ? 'against the expected answers' : 'rubric'})`;
}
