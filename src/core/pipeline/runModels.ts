/**
 * The models one run talks to: the chat model answers the dataset, the generator model
 * writes the candidate prompts, the judge model grades (the `judge` metric). Each defaults
 * to the chat model; each is priced at its own entry of the price table.
 */
import type { RunConfig } from './runConfig';

/** The judge model of a run with the `judge` metric (the chat model unless set); undefined for other metrics. */
export function judgeModelOf(config: RunConfig): string | undefined {
  if (config.metric.name !== 'judge') return undefined;
  const model = config.metric.model;
  return model !== undefined && model !== '' ? model : config.model;
}

/** Every model the run calls for chat, without repeats: chat, generator, judge. */
export function chatModelsOf(config: RunConfig): string[] {
  const judge = judgeModelOf(config);
  return [...new Set([config.model, config.generatorModel, ...(judge === undefined ? [] : [judge])])];
}
