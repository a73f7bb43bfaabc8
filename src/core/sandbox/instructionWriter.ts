/**
 * The sandbox's answers to meta-prompts: proposing an instruction from demonstrations
 * (APE, Zhou et al. 2023: "I gave a friend an instruction... The instruction was to") and
 * rewriting a given instruction (paraphrase, more specific, add output-format rules,
 * shorter). Every choice is drawn from a seed derived from the request, so the same request
 * gets the same answer and different requests (or choices, or seeds) a varied pool.
 */
import type { TaskProfile } from './accuracyModel';
import { pick } from './seededRandom';
import { FILLERS, FORMAT_RULES, LEADS, VAGUE_TASKS, synonymsOf } from './wordBank';

/** The kinds of rewrite the sandbox recognises. */
export type RewriteMode = 'paraphrase' | 'specific' | 'format' | 'shorter';

/** What the writer knows of the task behind a meta-prompt. */
export interface WriterTask {
  readonly profile: TaskProfile;
  readonly description: string | undefined;
}

function labelPhrase(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1] ?? ''}`;
}

/** An APE-style proposal: the continuation of "The instruction was to". */
export function proposeInstruction(task: WriterTask, random: () => number): string {
  const { keywords, labels } = task.profile;
  const vague = task.description === undefined || random() < 0.2;
  let text = pick(random, LEADS) + (vague ? pick(random, VAGUE_TASKS) : (task.description ?? ''));
  if (labels.length > 0 && random() < 0.5) text += ` as ${labelPhrase(labels)}`;
  if (keywords.length > 0 && random() < 0.4) text += `, paying attention to the ${pick(random, keywords)}`;
  if (random() < 0.25) text += ` ${pick(random, FILLERS)}`;
  text = `${paraphrase(text, random, 0.3)}.`;
  if (random() < 0.35) text += ` ${pick(random, FORMAT_RULES)}`;
  return text;
}

/** Swaps words for synonyms with probability `rate` each. */
export function paraphrase(text: string, random: () => number, rate = 0.5): string {
  return text.replace(/[A-Za-z]+/g, (word) => {
    const group = synonymsOf(word.toLowerCase());
    if (group === undefined || random() >= rate) return word;
    const replacement = pick(random, group);
    return word[0] === word[0]?.toUpperCase() ? capitalize(replacement) : replacement;
  });
}

function capitalize(text: string): string {
  return text.length === 0 ? text : (text[0] ?? '').toUpperCase() + text.slice(1);
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);
}

function moreSpecific(text: string, task: WriterTask, random: () => number): string {
  const { keywords, labels } = task.profile;
  const additions: string[] = [];
  if (keywords.length > 0) additions.push(`Focus on the ${pick(random, keywords)} of the input.`);
  if (labels.length > 0) additions.push(`Choose one of: ${labels.join(', ')}.`);
  additions.push('Consider the whole input before answering.');
  return `${text.trim()} ${pick(random, additions)}`;
}

function shorter(text: string, random: () => number): string {
  const kept = sentences(text);
  const first = kept[0] ?? text;
  const body = kept.length > 1 && random() < 0.7 ? first : kept.slice(0, -1).join(' ') || first;
  return body
    .replace(/\b(please|carefully|very|really|just|simply)\s+/gi, '')
    .replace(/,[^,.]*(?=\.)/, '')
    .trim();
}

/** One rewrite of `original` in the given mode. */
export function rewriteInstruction(
  original: string,
  mode: RewriteMode,
  task: WriterTask,
  random: () => number,
): string {
  switch (mode) {
    case 'paraphrase':
      return paraphrase(original, random);
    case 'specific':
      return moreSpecific(paraphrase(original, random, 0.2), task, random);
    case 'format':
      return `${original.trim()} ${pick(random, FORMAT_RULES)}`;
    case 'shorter':
      return shorter(original, random);
  }
}

/** The rewrite mode a request asks for, or `undefined` for "any". */
export function requestedMode(request: string): RewriteMode | undefined {
  if (/\b(shorter|concise|brief|shorten)\b/i.test(request)) return 'shorter';
  if (/\b(output[- ]format|format rules?|formatting)\b/i.test(request)) return 'format';
  if (/\b(more specific|specific|detailed|precise)\b/i.test(request)) return 'specific';
  if (/\b(paraphrase|rephrase|reword)\b/i.test(request)) return 'paraphrase';
  return undefined;
}

const MODES: readonly RewriteMode[] = ['paraphrase', 'specific', 'format', 'shorter'];

/** A rewrite in the requested mode, or in a mode drawn at random when none was named. */
export function rewriteFor(request: string, original: string, task: WriterTask, random: () => number): string {
  const mode = requestedMode(request) ?? pick(random, MODES);
  return rewriteInstruction(original, mode, task, random);
}
