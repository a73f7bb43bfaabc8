/**
 * Which prompt `--write` may put in the prompt file: by default only one the held-out test
 * says is better than the original (Holm-corrected), so the file never changes on the
 * strength of a lucky validation score; `--force-write` takes the validation leader anyway.
 */
import { noImprovementText, recommendedPrompt } from '../core/eval/verdictText';
import type { PortfolioItem } from '../core/pipeline/runEvents';
import type { RunResult } from '../core/pipeline/runTypes';

/** The prompt to write, or why the file stays as it is. */
export type WriteChoice = { readonly item: PortfolioItem; readonly forced: boolean } | { readonly reason: string };

/** Decides what --write writes; see the module comment. */
export function chooseWrite(result: RunResult, force: boolean): WriteChoice {
  const leader = result.portfolio[0];
  if (leader === undefined || leader.candidateId === 0) return { reason: 'the original prompt is still the best' };
  const better = recommendedPrompt(result.portfolio);
  if (better !== undefined) return { item: better, forced: false };
  if (force) return { item: leader, forced: true };
  const why = noImprovementText(result.portfolio) ?? 'the run has no held-out test result';
  return { reason: `${why.replace(/\.$/, '')}; pass --force-write to write the best validation prompt anyway` };
}
