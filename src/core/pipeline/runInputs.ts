/**
 * The run's loading phase: the dataset(s), the seeded split, the prompt read as a template
 * and the metric's scorer. Every problem becomes a {@link RunInputError} that names the file
 * and, where it can, the line and column, before anything is written or paid for.
 */
import { DatasetError } from '../data/datasetError';
import { loadDataset } from '../data/datasetLoader';
import { splitDataset, type DatasetSplit } from '../data/datasetSplit';
import type { Dataset, Example } from '../data/datasetTypes';
import { LineIndex } from '../data/textPosition';
import { createScorer } from '../eval/metrics';
import type { JudgeFn } from '../eval/llmJudge';
import { MetricError, type Scorer } from '../eval/scoreTypes';
import { parsePromptTemplate, unboundVariables, type PromptTemplate } from '../prompt/promptTemplate';
import type { RunConfig } from './runConfig';
import { RunInputError } from './runErrors';

/** What the later phases need from the inputs. */
export interface RunInputs {
  readonly template: PromptTemplate;
  /** Prompt variable -> dataset field, when their names differ (one variable, one field). */
  readonly bindings: Readonly<Record<string, string>>;
  readonly dataset: Dataset;
  readonly testDataset: Dataset | undefined;
  readonly split: DatasetSplit;
  readonly scorer: Scorer;
  /** Dataset and split warnings worth showing once. */
  readonly warnings: readonly string[];
}

/** What loading may use besides the config. */
export interface InputEnvironment {
  readonly allowCustomCode: boolean;
  /** Directory a custom scorer's relative path is resolved from. */
  readonly baseDir?: string;
  /** The judge model's call, for the `judge` metric (a JudgeLink attached to the run's client once it exists). */
  readonly judge?: JudgeFn;
}

/** Most dataset warnings shown; the rest are summarised in one line. */
const MAX_DATASET_WARNINGS = 5;

/** Loads and checks everything; see the module comment. */
export async function loadRunInputs(config: RunConfig, env: InputEnvironment): Promise<RunInputs> {
  if (config.promptText.trim() === '') throw new RunInputError(`${config.promptSource}: the prompt is empty`, config.promptSource);
  const dataset = await asInputError(() => loadDataset(config.dataFile, { mapping: config.mapping }));
  const testDataset = config.testDataFile === undefined ? undefined : await asInputError(() => loadDataset(config.testDataFile ?? '', { mapping: config.mapping }));
  const template = parsePromptTemplate(config.promptText, { fields: config.mapping.inputs });
  const bindings = bindVariables(template, config);
  const split = await asInputError(() =>
    Promise.resolve(
      splitDataset(dataset.examples, {
        seed: config.seed,
        validationSize: config.validationSize,
        file: config.dataFile,
        ...(testDataset === undefined ? {} : { testExamples: testDataset.examples }),
      }),
    ),
  );
  const scorer = await buildScorer(config, env, dataset.examples);
  const warnings = [...summariseWarnings(dataset), ...(testDataset ? summariseWarnings(testDataset) : []), ...split.warnings];
  return { template, bindings, dataset, testDataset, split, scorer, warnings };
}

/**
 * Variables must be dataset fields. One variable and one input field under different names
 * (`${word}` and `input`) is bound automatically: there is no other way to read it.
 */
export function bindVariables(template: PromptTemplate, config: RunConfig): Record<string, string> {
  const inputs = config.mapping.inputs;
  const unbound = unboundVariables(template, inputs);
  if (unbound.length === 0) return {};
  const only = inputs[0];
  if (template.variables.length === 1 && inputs.length === 1 && only !== undefined) return { [unbound[0] ?? '']: only };
  const name = unbound[0] ?? '';
  const at = template.placeholders.find((p) => p.name === name)?.start ?? 0;
  const { line, column } = new LineIndex(config.promptText).position(at);
  const message = `${config.promptSource}:${line}:${column}: the prompt uses variable "${name}", but the dataset has no field "${name}" (input fields: ${inputs.join(', ')})`;
  throw new RunInputError(message, config.promptSource, line, column);
}

/** The metric's scorer; a custom one is tried on the dataset's expected outputs here, before anything is paid for. */
export async function buildScorer(config: RunConfig, env: InputEnvironment, trialExamples: readonly Example[]): Promise<Scorer> {
  try {
    const judge = env.judge === undefined ? {} : { judge: env.judge };
    return await createScorer(config.metric, { allowCustomCode: env.allowCustomCode, trialExamples, ...judge, ...(env.baseDir === undefined ? {} : { baseDir: env.baseDir }) });
  } catch (error) {
    if (error instanceof MetricError) throw new RunInputError(`metric "${config.metric.name}": ${error.message}`);
    throw error;
  }
}

export async function asInputError<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof DatasetError) throw new RunInputError(error.message, error.file, error.line, error.column);
    throw error;
  }
}

export function summariseWarnings(dataset: Dataset): string[] {
  const shown = dataset.warnings.filter((w) => w.kind !== 'blank-line').slice(0, MAX_DATASET_WARNINGS);
  const lines = shown.map((w) => `${w.file}:${w.line}: ${w.message}`);
  const rest = dataset.warnings.filter((w) => w.kind !== 'blank-line').length - shown.length;
  if (rest > 0) lines.push(`${dataset.file}: ${rest} more warnings like these`);
  return lines;
}
