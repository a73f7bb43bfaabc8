/**
 * Recognising meta-prompts (requests to write or rewrite an instruction) and pulling the
 * instruction to rewrite out of them.
 */

/** APE's template (Zhou et al. 2023) and close variants. */
const APE_PATTERN = /I gave a friend an instruction|The instruction was to\s*:?\s*$/im;
/** A request to rewrite an instruction or prompt. */
const REWRITE_PATTERN =
  /\b(paraphras\w*|rephras\w*|rewrit\w*|reword\w*|improv\w*|shorten\w*|vary|variations?|add)\b[\s\S]{0,80}\b(instruction|prompt)s?\b|\b(instruction|prompt)s?\b[\s\S]{0,80}\b(more specific|shorter|more concise|output[- ]format|format rules?|paraphrase|rephrase)\b|\b(generate|write|propose)\b[\s\S]{0,40}\b(new|alternative|different|better)\b[\s\S]{0,20}\b(instruction|prompt)s?\b/i;

/** What a meta-prompt asks for. */
export type MetaRequest = { readonly kind: 'propose' } | { readonly kind: 'rewrite'; readonly original: string };

/** Classifies a request text; `undefined` when it is not a meta-prompt. */
export function parseMetaRequest(text: string): MetaRequest | undefined {
  if (APE_PATTERN.test(text)) return { kind: 'propose' };
  if (REWRITE_PATTERN.test(text)) return { kind: 'rewrite', original: extractOriginal(text) };
  return undefined;
}

/**
 * The instruction to rewrite: a tagged block (<instruction>, <prompt>), a fenced or
 * triple-quoted block, the paragraph after an "Instruction:" / "Prompt:" / "Original:"
 * label, the longest double-quoted text, else the last paragraph.
 */
export function extractOriginal(text: string): string {
  const patterns = [
    /<(instruction|prompt)>([\s\S]*?)<\/\1>/i,
    /```(?:\w*\n)?([\s\S]*?)```/,
    /"""([\s\S]*?)"""/,
    /^(?:original instruction|instruction|prompt|original)\s*:\s*(.+(?:\n(?!\s*\n).+)*)/im,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    const body = match?.[match.length - 1]?.trim();
    if (body) return body;
  }
  const quoted = [...text.matchAll(/"([^"\n]{8,})"/g)].map((m) => m[1] ?? '');
  if (quoted.length > 0) return quoted.reduce((a, b) => (b.length > a.length ? b : a));
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  return paragraphs[paragraphs.length - 1] ?? text.trim();
}

/** How many instructions the request asks for ("Write 5 new instructions"), 1 by default. */
export function requestedCount(text: string): number {
  const match = /\b(\d{1,2})\s+(?:\w+\s+){0,2}(instructions|prompts|variations|versions|rewrites|paraphrases|candidates)\b/i.exec(text);
  const count = match ? Number(match[1]) : 1;
  return Math.min(20, Math.max(1, count));
}
