/** A heuristic score of how much a literal looks like an LLM prompt. */
import type { PromptLiteral } from './promptLiteral';

const PROMPT_NAME_WORDS = ['prompt', 'system', 'instruction', 'template', 'persona', 'preamble', 'message', 'content', 'query', 'question', 'task', 'context'];

function nameScore(name: string | undefined): number {
  if (!name) return 0;
  const lower = name.toLowerCase();
  return PROMPT_NAME_WORDS.some((w) => lower.includes(w)) ? 2.5 : 0;
}

function countWords(value: string): number {
  return value.split(/\s+/).filter((w) => w.length > 0).length;
}

// Identifiers, paths, URLs, MIME types and the like: one token, no spaces.
function looksLikeCode(value: string): boolean {
  return !value.includes(' ') && value.length < 80;
}

/**
 * A score in (0, 1): higher for long, many-word text, names such as `prompt`,
 * `system` or `instruction`, template variables and line breaks; lower for short
 * single tokens. Only for ranking: not a classifier with a calibrated threshold.
 */
export function promptLikelihood(literal: PromptLiteral): number {
  const words = countWords(literal.value);
  let score = -3;
  score += Math.min(3, Math.log2(1 + words) * 0.75);
  score += Math.min(1.5, literal.value.length / 200);
  score += nameScore(literal.bindingName);
  if (literal.variables.length > 0) score += 1;
  if (literal.value.includes('\n')) score += 0.5;
  if (looksLikeCode(literal.value)) score -= 2;
  return 1 / (1 + Math.exp(-score));
}
