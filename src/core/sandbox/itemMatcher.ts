/**
 * Finds which dataset item a prompt asks about: the dataset input that occurs in the last
 * user message and ends latest there (so few-shot demonstrations placed before the query
 * do not win), the longest on ties.
 */
import type { SandboxDataset, SandboxItem } from './sandboxTypes';

/** A matched item, its dataset, and the prompt with the item's input cut out. */
export interface ItemMatch {
  readonly dataset: SandboxDataset;
  readonly item: SandboxItem;
  /** Everything the model was told except the input: the instruction as the model sees it. */
  readonly instruction: string;
}

interface Candidate {
  readonly dataset: SandboxDataset;
  readonly item: SandboxItem;
  readonly end: number;
  readonly start: number;
}

function bestIn(datasets: readonly SandboxDataset[], message: string): Candidate | undefined {
  let best: Candidate | undefined;
  for (const dataset of datasets) {
    for (const item of dataset.items) {
      const input = item.input.trim();
      if (input.length === 0) continue;
      const start = message.lastIndexOf(input);
      if (start < 0) continue;
      const end = start + input.length;
      if (best === undefined || end > best.end || (end === best.end && start < best.start)) {
        best = { dataset, item, end, start };
      }
    }
  }
  return best;
}

/** Matches `lastUser` against the datasets; `context` is the other messages' text. */
export function matchItem(
  datasets: readonly SandboxDataset[],
  lastUser: string,
  context: string,
): ItemMatch | undefined {
  const best = bestIn(datasets, lastUser);
  if (best === undefined) return undefined;
  const rest = lastUser.slice(0, best.start) + lastUser.slice(best.end);
  const instruction = context.length > 0 ? `${context}\n${rest}` : rest;
  return { dataset: best.dataset, item: best.item, instruction: instruction.trim() };
}
