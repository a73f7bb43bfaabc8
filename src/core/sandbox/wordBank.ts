/**
 * Words the sandbox uses to vary instructions: synonym groups for paraphrasing (the
 * simulated embeddings also map each group to one word, so paraphrases land near each
 * other), format rules, and filler.
 */

/** Groups of interchangeable words; the first of each group is its canonical form. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['classify', 'categorize', 'label', 'sort'],
  ['determine', 'decide', 'identify', 'figure out'],
  ['text', 'passage', 'input', 'snippet'],
  ['answer', 'response', 'reply'],
  ['write', 'produce', 'give', 'provide'],
  ['given', 'provided', 'following'],
  ['each', 'every'],
  ['carefully', 'attentively', 'closely'],
  ['read', 'look at', 'examine', 'study'],
  ['correct', 'right', 'proper'],
  ['output', 'return', 'print'],
];

const CANONICAL = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = group[0];
  if (head === undefined) continue;
  for (const word of group) if (!word.includes(' ')) CANONICAL.set(word, head);
}

/** The canonical form of a single word (itself when it has no synonyms). */
export function canonicalWord(word: string): string {
  return CANONICAL.get(word) ?? word;
}

/** The synonym group of a single word, if any. */
export function synonymsOf(word: string): readonly string[] | undefined {
  return SYNONYM_GROUPS.find((group) => group.includes(word));
}

/** Output-format rules that a rewrite may add. */
export const FORMAT_RULES: readonly string[] = [
  'Answer with only the label, no explanation.',
  'Respond with a single word.',
  'Output only the final answer.',
  'Do not explain your reasoning; reply with just the answer.',
  'Return the answer alone on one line.',
];

/** Clauses that add words without adding information. */
export const FILLERS: readonly string[] = [
  'as a friend would',
  'in a few words',
  'based on the words used',
  'and think about it',
  'like an expert would',
  'without overthinking it',
];

/** Openings an instruction may start with. */
export const LEADS: readonly string[] = ['', 'read the input and ', 'look at the text and ', 'carefully ', 'please '];

/** Vague task phrases for poor proposals that miss the point. */
export const VAGUE_TASKS: readonly string[] = [
  'answer the question about the input',
  'say something about the text',
  'respond to the input',
  'write the output for the input',
];

/** Matches an instruction that states an output-format rule. */
export const FORMAT_RULE_PATTERN =
  /\b(answer|respond|reply|output|return)\b[^.]{0,20}\b(only|just|alone|single)\b|\bone word\b|\bsingle word\b|\bno explanation\b|\bdo not explain\b|\boutput format\b/i;
