/**
 * The meta-prompts that ask an LLM for candidate instructions: APE's instruction induction
 * (Zhou et al. 2023, "Large Language Models Are Human-Level Prompt Engineers": "I gave a
 * friend an instruction and five inputs...") and four kinds of rewrite of the user's own
 * prompt. The wording of each rewrite names its kind once and avoids the others' words, so
 * a model (and the offline sandbox, see src/core/sandbox/metaPrompt.ts) reads one intent.
 */
import type { Example } from '../data/datasetTypes';
import type { ChatMessage } from '../llm/llmTypes';
import { exampleInputText } from '../prompt/chatMessages';

/** The kinds of rewrite of the user's prompt. */
export type RewriteKind = 'paraphrase' | 'specific' | 'format' | 'shorter';

/** Every rewrite kind, in the order the generator cycles through them. */
export const REWRITE_KINDS: readonly RewriteKind[] = ['paraphrase', 'specific', 'format', 'shorter'];

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** APE's induction meta-prompt over `demos`; the reply continues "The instruction was to". */
export function inductionMessages(demos: readonly Example[]): ChatMessage[] {
  const count = `${NUMBER_WORDS[demos.length] ?? String(demos.length)} input${demos.length === 1 ? '' : 's'}`;
  const pairs = demos.map((demo) => `Input: ${exampleInputText(demo)}\nOutput: ${demo.output}`).join('\n\n');
  const content =
    `I gave a friend an instruction and ${count}. The friend read the instruction and wrote an output ` +
    `for every one of the inputs. Here are the input-output pairs:\n\n${pairs}\n\nThe instruction was to`;
  return [{ role: 'user', content }];
}

/** What each rewrite asks for; `{count}` is replaced by the number of versions. */
const REWRITE_ASKS: Readonly<Record<RewriteKind, string>> = {
  paraphrase:
    'Paraphrase the instruction below. Write {count} versions that say the same thing in other words, ' +
    'keeping its meaning and adding or removing no requirement.',
  specific:
    'Rewrite the instruction below to be more specific. Write {count} versions that each spell out exactly ' +
    'what the task asks for and what a good answer contains.',
  format:
    'Add output-format rules to the instruction below. Write {count} versions that each keep the instruction ' +
    'and add clear rules on what the answer must look like (for example: only the answer, on one line, no explanation).',
  shorter:
    'Rewrite the instruction below to be shorter. Write {count} versions that keep its meaning in fewer words.',
};

/**
 * A request for `count` rewrites of `instruction` of one kind, as a numbered list. When the
 * instruction holds template placeholders, the model is told to keep them as written.
 */
export function rewriteMessages(instruction: string, kind: RewriteKind, count: number, placeholders: readonly string[]): ChatMessage[] {
  const ask = REWRITE_ASKS[kind].replace('{count}', String(count));
  const keep =
    placeholders.length === 0
      ? ''
      : ` Keep the placeholder${placeholders.length === 1 ? '' : 's'} ${placeholders.join(', ')} exactly as written, and add no other text in braces.`;
  const content =
    `${ask}${keep} Reply with a numbered list (1., 2., ...) of the ${count} new instructions and nothing else.\n\n` +
    `<instruction>\n${instruction}\n</instruction>`;
  return [{ role: 'user', content }];
}
