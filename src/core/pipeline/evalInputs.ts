/**
 * The inputs of a one-prompt evaluation (`zopo eval`): the dataset, which of its rows are
 * scored (all of them, or the held-out test rows `zopo optimize` keeps out of the same file
 * with the same seed), the prompt read as a template and the metric's scorer. Problems are
 * {@link RunInputError}s with file, line and column, raised before anything is paid for.
 */
import { loadDataset } from '../data/datasetLoader';
import { splitDataset } from '../data/datasetSplit';
import type { Dataset, Example } from '../data/datasetTypes';
import { exampleIdentities } from '../data/exampleIdentity';
import type { Scorer } from '../eval/scoreTypes';
import { parsePromptTemplate, type PromptTemplate } from '../prompt/promptTemplate';
import type { RunConfig } from './runConfig';
import { RunInputError } from './runErrors';
import { asInputError, bindVariables, buildScorer, summariseWarnings, type InputEnvironment } from './runInputs';

/** Which rows of the dataset are scored. */
export type EvalSplit = 'all' | 'test';

/** What to score, besides the run config's prompt, data, mapping, metric and seed. */
export interface EvalSelection {
  readonly split: EvalSplit;
  /** At most this many of the selected rows (in file order for `all`, in split order for `test`). */
  readonly limit?: number;
}

/** Loaded and checked inputs. */
export interface EvalInputs {
  readonly template: PromptTemplate;
  readonly bindings: Readonly<Record<string, string>>;
  readonly dataset: Dataset;
  /** The examples to score, in order. */
  readonly examples: readonly Example[];
  /** Their identities (exampleIdentity.ts), computed over the whole dataset so duplicates keep their numbers. */
  readonly ids: readonly string[];
  readonly scorer: Scorer;
  readonly warnings: readonly string[];
}

/** Loads and checks everything; see the module comment. */
export async function loadEvalInputs(config: RunConfig, selection: EvalSelection, env: InputEnvironment): Promise<EvalInputs> {
  if (config.promptText.trim() === '') throw new RunInputError(`${config.promptSource}: the prompt is empty`, config.promptSource);
  const dataset = await asInputError(() => loadDataset(config.dataFile, { mapping: config.mapping }));
  if (dataset.examples.length === 0) throw new RunInputError(`${config.dataFile}: the dataset has no examples`, config.dataFile);
  const template = parsePromptTemplate(config.promptText, { fields: config.mapping.inputs });
  const bindings = bindVariables(template, config);
  const allIds = exampleIdentities(dataset.examples);
  const selected = await selectExamples(dataset, config, selection);
  const examples = selection.limit === undefined ? selected : selected.slice(0, selection.limit);
  const ids = examples.map((e) => allIds[e.index] ?? '');
  const scorer = await buildScorer(config, env, dataset.examples);
  return { template, bindings, dataset, examples, ids, scorer, warnings: summariseWarnings(dataset) };
}

/** All rows, or the test rows of optimize's seeded split of the same file. */
async function selectExamples(dataset: Dataset, config: RunConfig, selection: EvalSelection): Promise<readonly Example[]> {
  if (selection.split === 'all') return dataset.examples;
  const split = await asInputError(() => Promise.resolve(splitDataset(dataset.examples, { seed: config.seed, validationSize: config.validationSize, file: config.dataFile })));
  return split.test;
}
