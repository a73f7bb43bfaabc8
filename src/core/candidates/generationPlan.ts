/**
 * Which generation call comes next: the kinds alternate between rewrites of the user's
 * prompt (cycling paraphrase, more specific, output-format rules, shorter) and APE
 * induction over a fresh random subset of demonstrations. Every call gets its own seed, so
 * that cached and sampled requests differ, and everything is drawn from one seeded Rng:
 * the same seed plans the same calls.
 */
import type { Example } from '../data/datasetTypes';
import type { ChatRequest } from '../llm/llmTypes';
import { Rng } from '../optimizer/random';
import type { PromptTemplate } from '../prompt/promptTemplate';
import { findPlaceholders } from '../prompt/templateSyntax';
import { inductionMessages, REWRITE_KINDS, rewriteMessages, type RewriteKind } from './metaPromptBuilder';
import type { TemplateParts } from './templateScaffold';

/** What one call asks for. */
export type CallKind = 'induction' | RewriteKind;

/** One planned generation call. */
export interface PlannedCall {
  readonly kind: CallKind;
  readonly request: ChatRequest;
  /** The reply rewrites the instruction part only, so the scaffold must be put back. */
  readonly instructionOnly: boolean;
}

/** Demonstrations shown per induction call, as in APE and the ZOPO reference. */
export const DEMOS_PER_INDUCTION = 5;
/** Choices (`n`) asked of one induction call. */
export const INDUCTION_CHOICES = 4;
/** Versions asked of one rewrite call. */
export const REWRITE_VERSIONS = 4;
const INDUCTION_TEMPERATURE = 1;
const REWRITE_TEMPERATURE = 0.9;
const SEED_RANGE = 2 ** 31;

/** Plans calls one at a time; see the module comment. */
export class CallPlanner {
  readonly #rng: Rng;
  readonly #demos: readonly Example[];
  readonly #rewriteBase: string;
  readonly #instructionOnly: boolean;
  readonly #placeholders: readonly string[];
  readonly #schedule: readonly CallKind[];
  #index = 0;

  constructor(template: PromptTemplate, parts: TemplateParts, demos: readonly Example[], seed: number) {
    this.#rng = new Rng(seed);
    this.#demos = demos;
    this.#instructionOnly = parts.scaffold !== '' && parts.instruction.trim() !== '';
    this.#rewriteBase = this.#instructionOnly ? parts.instruction : template.text;
    const syntax = template.syntax;
    this.#placeholders = syntax === undefined ? [] : [...new Set(findPlaceholders(this.#rewriteBase, syntax).map((p) => p.raw))];
    this.#schedule = scheduleFor(demos.length > 0, this.#rewriteBase.trim() !== '');
  }

  /** False when there is nothing to generate from (no demonstrations and an empty prompt). */
  get canPlan(): boolean {
    return this.#schedule.length > 0;
  }

  next(): PlannedCall {
    const kind = this.#schedule[this.#index % this.#schedule.length] ?? 'induction';
    this.#index++;
    const seed = this.#rng.int(SEED_RANGE);
    if (kind === 'induction') {
      const params = { temperature: INDUCTION_TEMPERATURE, n: INDUCTION_CHOICES, seed, maxTokens: 200 };
      return { kind, request: { messages: inductionMessages(this.sampleDemos()), params }, instructionOnly: false };
    }
    const maxTokens = Math.min(4000, 100 + REWRITE_VERSIONS * Math.ceil(this.#rewriteBase.length / 2));
    const params = { temperature: REWRITE_TEMPERATURE, seed, maxTokens };
    const messages = rewriteMessages(this.#rewriteBase, kind, REWRITE_VERSIONS, this.#placeholders);
    return { kind, request: { messages, params }, instructionOnly: this.#instructionOnly };
  }

  /** A random subset of the demonstrations, without replacement (a partial Fisher-Yates). */
  private sampleDemos(): Example[] {
    const pool = [...this.#demos];
    const take = Math.min(DEMOS_PER_INDUCTION, pool.length);
    for (let i = 0; i < take; i++) {
      const j = i + this.#rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j] as Example, pool[i] as Example];
    }
    return pool.slice(0, take);
  }
}

/**
 * Rewrites and inductions alternate, rewrites first so that even a small pool holds every
 * kind of edit of the user's prompt, which is the best seed an editor has (ZOPO.md, step 1).
 */
function scheduleFor(hasDemos: boolean, hasPrompt: boolean): CallKind[] {
  if (!hasDemos) return hasPrompt ? [...REWRITE_KINDS] : [];
  if (!hasPrompt) return ['induction'];
  return REWRITE_KINDS.flatMap((kind): CallKind[] => [kind, 'induction']);
}
