/**
 * How well the simulated model follows an instruction: a deterministic probability of a
 * correct answer that is smooth in the instruction's features (mentions of the task's
 * key words and labels, length, a format rule) plus a bumpy term from hashed word n-grams,
 * so that small edits move it a little and the landscape still has local optima.
 */
import { unitHash, wordNgrams, words } from '../llm/hashedFeatures';
import type { SandboxDataset } from './sandboxTypes';
import { FORMAT_RULE_PATTERN } from './wordBank';

/** Distinct outputs up to this many make a dataset a classification task with labels. */
const MAX_LABELS = 12;
/** Instruction length (in words) that the length term prefers. */
const PREFERRED_WORDS = 25;

/** What the accuracy model knows about a task. */
export interface TaskProfile {
  readonly keywords: readonly string[];
  readonly labels: readonly string[];
  readonly baseAccuracy: number;
}

/** The profile of a dataset: its keywords, its labels (if few distinct outputs), its base. */
export function taskProfile(dataset: SandboxDataset): TaskProfile {
  const outputs = new Set(dataset.items.map((item) => item.output.trim().toLowerCase()));
  const labels = outputs.size <= MAX_LABELS ? [...outputs].filter((o) => o.length > 0) : [];
  const keywords = (dataset.keywords ?? []).map((k) => k.toLowerCase());
  return { keywords, labels, baseAccuracy: dataset.baseAccuracy ?? 0.45 };
}

/** Share of `terms` that occur in `text` (0 when there are none to mention). */
function coverage(text: string, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  return terms.filter((term) => text.includes(term)).length / terms.length;
}

/** The bumpy part: a signed hashed weight per word 1-2 gram, squashed to (-1, 1). */
function ngramBumps(tokens: readonly string[]): number {
  const grams = wordNgrams(tokens, 2);
  if (grams.length === 0) return 0;
  let sum = 0;
  for (const gram of grams) sum += unitHash(gram, 0x2545f491) * 2 - 1;
  return Math.tanh(sum / Math.sqrt(grams.length));
}

/** Probability in [0.02, 0.98] that the model answers an item correctly under `instruction`. */
export function instructionAccuracy(instruction: string, profile: TaskProfile): number {
  const lower = instruction.toLowerCase();
  const tokens = words(instruction);
  const lengthRatio = Math.log((tokens.length + 1) / PREFERRED_WORDS);
  const p =
    profile.baseAccuracy +
    0.25 * coverage(lower, profile.keywords) +
    0.12 * coverage(lower, profile.labels) +
    (FORMAT_RULE_PATTERN.test(instruction) ? 0.08 : 0) +
    Math.max(-0.3, -0.1 * lengthRatio * lengthRatio) +
    0.12 * ngramBumps(tokens);
  return Math.min(0.98, Math.max(0.02, p));
}

/**
 * Whether this (instruction, input) pair is answered correctly: a fixed coin per pair, so
 * evaluations are reproducible; `salt` varies it (sampling at temperature > 0, seeds).
 */
export function answersCorrectly(instruction: string, input: string, profile: TaskProfile, salt = 0): boolean {
  const normalized = words(instruction).join(' ');
  return unitHash(`${normalized}\u0000${input}`, salt) < instructionAccuracy(instruction, profile);
}
