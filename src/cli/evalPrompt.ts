/**
 * The prompt `zopo eval` scores: a prompt file, stdin (`-`), or a string literal in source
 * code named by what it is bound to, `src/app.ts#SYSTEM_PROMPT` (TypeScript, JavaScript,
 * Python), found by the same locator the editor uses (codePrompt.ts, shared with `zopo
 * optimize`). A name that matches no literal, or more than one, is bad input: the message
 * lists the candidates with their line numbers.
 */
import { literalSpecOf, readCodePrompt } from './codePrompt';
import { readPrompt } from './promptFile';

/** The prompt's text and where it came from. */
export interface EvalPrompt {
  readonly text: string;
  /** For people and the report: the path, `<stdin>`, or `file#NAME`. */
  readonly source: string;
  /** Where a literal starts in its file (1-based), for messages. */
  readonly line?: number;
  readonly warnings: readonly string[];
}

/** Reads the prompt `spec` names (`shown` is how the user wrote it; `spec` is resolved against the working directory). */
export async function readEvalPrompt(spec: string, shown: string, stdin: NodeJS.ReadableStream): Promise<EvalPrompt> {
  if (spec === '-') return { ...(await readPrompt('-', stdin)), source: '<stdin>', warnings: [] };
  const literal = literalSpecOf(spec, shown);
  if (literal === undefined) return { text: (await readPrompt(spec, stdin)).text, source: shown, warnings: [] };
  const { text, source, line, warnings } = await readCodePrompt(literal, 'score');
  return { text, source, line, warnings };
}
