/**
 * The growing pool of candidates: the original first, then each accepted text, after
 * cleaning, template assembly, the variable guard and exact de-duplication, with counts of
 * what was turned away and why.
 */
import { guardCandidate } from '../prompt/candidateGuard';
import type { PromptTemplate } from '../prompt/promptTemplate';
import type { CandidateOrigin, GeneratedCandidate } from './candidateGenerator';
import { cleanCandidateText, exactKey } from './candidateText';
import { attachScaffold, type TemplateParts } from './templateScaffold';

/** Why an offered text did not join the pool, or that it did. */
export type OfferOutcome = 'added' | 'unusable' | 'rejected' | 'duplicate' | 'full';

/** The smallest cap on a candidate's length, in characters. */
const MIN_MAX_CHARS = 2000;

/** A pool with a target size; see the module comment. */
export class CandidatePool {
  readonly #template: PromptTemplate;
  readonly #parts: TemplateParts;
  readonly #target: number;
  readonly #maxChars: number;
  readonly #items: GeneratedCandidate[];
  readonly #keys: Set<string>;
  #rejected = 0;
  #duplicates = 0;

  /** The original is the first candidate whatever it holds. */
  constructor(template: PromptTemplate, parts: TemplateParts, target: number) {
    this.#template = template;
    this.#parts = parts;
    this.#target = Math.max(1, target);
    // Absurdly long: several times the user's own prompt, and never under a generous floor.
    this.#maxChars = Math.max(MIN_MAX_CHARS, 4 * template.text.length);
    this.#items = [{ text: template.text, origin: 'original' }];
    this.#keys = new Set([exactKey(template.text)]);
  }

  get candidates(): readonly GeneratedCandidate[] {
    return this.#items;
  }

  get size(): number {
    return this.#items.length;
  }

  get full(): boolean {
    return this.#items.length >= this.#target;
  }

  /** Texts dropped as unusable (empty, too long) or by the variable guard. */
  get rejected(): number {
    return this.#rejected;
  }

  get duplicates(): number {
    return this.#duplicates;
  }

  /**
   * Offers one raw item of a reply. Induced texts are continuations of "The instruction was
   * to" and get the original's scaffold; rewrites of the instruction part get it back too.
   */
  offer(raw: string, origin: Exclude<CandidateOrigin, 'original'>, rewroteInstructionOnly: boolean): OfferOutcome {
    if (this.full) return 'full';
    const continuation = origin === 'induction';
    const cleaned = cleanCandidateText(raw, { maxChars: this.#maxChars, continuation });
    if (cleaned === undefined) {
      if (raw.trim() !== '') this.#rejected++;
      return 'unusable';
    }
    const assembled = continuation || rewroteInstructionOnly ? attachScaffold(cleaned, this.#parts, this.#template.syntax) : cleaned;
    const verdict = guardCandidate(this.#template, assembled);
    if (!verdict.ok) {
      this.#rejected++;
      return 'rejected';
    }
    const key = exactKey(verdict.text);
    if (this.#keys.has(key)) {
      this.#duplicates++;
      return 'duplicate';
    }
    this.#keys.add(key);
    this.#items.push({ text: verdict.text, origin });
    return 'added';
  }
}
