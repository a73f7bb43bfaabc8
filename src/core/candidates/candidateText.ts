/**
 * Turning raw LLM replies into candidate instruction texts: splitting numbered lists,
 * stripping list markers, labels, wrapping quotes and echoed APE prefixes, capitalising,
 * and dropping what cannot be a prompt (empty or absurdly long).
 */

/** Limits of {@link cleanCandidateText}. */
export interface CleanOptions {
  /** Longer texts are dropped (a model that rambled, or echoed the demos). */
  readonly maxChars: number;
  /**
   * The reply continues "The instruction was to ...": keep its first paragraph only and end
   * it with a full stop, as a sentence.
   */
  readonly continuation?: boolean;
}

/** Shorter texts are not instructions ("ok", "1."). */
const MIN_CHARS = 4;

const NUMBERED = /^\s*(?:\(?\d{1,3}[.):]|#\d{1,3}[.:)]?)\s+/;
const BULLET = /^\s*[-*•‣▪–]\s+/;
const LABEL =
  /^\s*(?:\*\*|__)?(?:(?:new|rewritten|revised|improved|shorter|paraphrased)\s+)?(?:instruction|prompt|version|variant|variation|option|rewrite|paraphrase|answer|output)(?:\s*#?\d{1,3})?\s*[:：]\s*(?:\*\*|__)?\s*/i;
const APE_ECHO = /^\s*(?:the\s+)?instruction\s+(?:was|is)\s+to\s*:?\s*/i;
const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
  ['‘', '’'],
  ['`', '`'],
  ['«', '»'],
];

/**
 * Items of a reply: a numbered list gives one item per number (continuation lines and
 * nested bullets stay with their item; a preamble such as "Here are 4 versions:" is
 * dropped); a bulleted list with no numbers gives one per bullet; anything else is one item.
 */
export function splitCandidateList(reply: string): string[] {
  const text = stripFences(reply);
  const lines = text.split(/\r?\n/);
  const numbered = lines.filter((line) => NUMBERED.test(line)).length;
  const marker = numbered >= 2 ? NUMBERED : lines.filter((line) => BULLET.test(line)).length >= 2 ? BULLET : undefined;
  if (marker === undefined) return text.trim() === '' ? [] : [text.trim()];
  const items: string[][] = [];
  for (const line of lines) {
    if (marker.test(line)) items.push([line.replace(marker, '')]);
    else items[items.length - 1]?.push(line);
  }
  return items.map((item) => item.join('\n').trim()).filter((item) => item !== '');
}

/** One item cleaned into a candidate text, or undefined when nothing usable is left. */
export function cleanCandidateText(raw: string, options: CleanOptions): string | undefined {
  let text = stripFences(raw).trim();
  if (options.continuation === true) text = firstParagraph(text);
  let previous: string | undefined;
  while (previous !== text) {
    previous = text;
    text = unquote(text.replace(NUMBERED, '').replace(BULLET, '').replace(LABEL, '').replace(APE_ECHO, '').trim());
  }
  if (options.continuation === true) text = asSentence(text);
  text = capitalizeFirst(text);
  if (text.length < MIN_CHARS || text.length > options.maxChars) return undefined;
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined;
  return text;
}

/** The key under which two texts count as the same candidate: case and whitespace ignored. */
export function exactKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function stripFences(text: string): string {
  const fenced = /^\s*```[\w-]*\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/).find((p) => p.trim() !== '')?.trim() ?? '';
}

/** Removes one pair of quotes wrapping the whole text, when the inside holds no other quote of the pair. */
function unquote(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (text.length < 2 || !text.startsWith(open) || !text.endsWith(close)) continue;
    const inner = text.slice(open.length, text.length - close.length);
    if (!inner.includes(close) && !inner.includes(open)) return inner.trim();
  }
  const bold = /^\*\*([\s\S]+)\*\*$/.exec(text)?.[1];
  return bold !== undefined && !bold.includes('**') ? bold.trim() : text;
}

function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[,;:]+$/, '');
  return /[\p{L}\p{N})\]"'”]$/u.test(trimmed) ? `${trimmed}.` : trimmed;
}

/** Capitalises a leading lowercase letter; leaves placeholders, code and numbers alone. */
function capitalizeFirst(text: string): string {
  const first = text[0];
  if (first === undefined || !/\p{Ll}/u.test(first)) return text;
  // "iPhone", "camelCase", "x2": a mixed-case or digit-bearing first word is a name, not a sentence start.
  const word = /^\S+/.exec(text)?.[0] ?? '';
  if (/[\p{Lu}\d_]/u.test(word.slice(1))) return text;
  return first.toUpperCase() + text.slice(1);
}
