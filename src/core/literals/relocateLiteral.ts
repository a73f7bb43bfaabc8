/** Finds a registered literal again after the source has changed. */
import type { PromptLiteral } from './promptLiteral';

/** What was remembered about a literal when it was registered. */
export interface LiteralAnchor {
  readonly bindingName?: string;
  readonly value: string;
  /** Where it was: only orders ambiguous candidates, never picks one. */
  readonly offset: number;
}

/** The outcome of {@link relocate}: found, several equally good candidates, or none. */
export type Relocation =
  | { readonly status: 'found'; readonly literal: PromptLiteral }
  | { readonly status: 'ambiguous'; readonly candidates: readonly PromptLiteral[] }
  | { readonly status: 'missing' };

function byDistance(offset: number): (a: PromptLiteral, b: PromptLiteral) => number {
  return (a, b) => Math.abs(a.range.start - offset) - Math.abs(b.range.start - offset);
}

function decide(candidates: readonly PromptLiteral[], anchor: LiteralAnchor): Relocation {
  const [only] = candidates;
  if (candidates.length === 1 && only) return { status: 'found', literal: only };
  return { status: 'ambiguous', candidates: [...candidates].sort(byDistance(anchor.offset)) };
}

/**
 * Finds `anchor` among `literals` without guessing: literals with exactly the anchored
 * value first (narrowed by binding name when several have it); failing that, literals
 * bound to the same name (the value was edited). Ties are `ambiguous`, nearest first.
 */
export function relocate(anchor: LiteralAnchor, literals: readonly PromptLiteral[]): Relocation {
  const sameValue = literals.filter((l) => l.value === anchor.value);
  if (sameValue.length > 1 && anchor.bindingName !== undefined) {
    const sameName = sameValue.filter((l) => l.bindingName === anchor.bindingName);
    if (sameName.length > 0) return decide(sameName, anchor);
  }
  if (sameValue.length > 0) return decide(sameValue, anchor);
  if (anchor.bindingName === undefined) return { status: 'missing' };
  const sameName = literals.filter((l) => l.bindingName === anchor.bindingName);
  return sameName.length > 0 ? decide(sameName, anchor) : { status: 'missing' };
}
