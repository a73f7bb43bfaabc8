/**
 * The sandbox's judge: a deterministic stand-in for an LLM grading an answer, so the judge
 * metric runs offline and in tests. It reads the judge request (llmJudge.ts's format), and
 * grades by the share of the reference answer's content words the answer has (token F1)
 * and, when the rubric quotes words (`must mention "refund"`), by how many of them the
 * answer uses. The reply is one reasoning line, labelled simulated, and "Score: N". Tests can
 * make the next replies come without a score (`noScoreReplies`: the retry), or every reply
 * about one reference (`noScoreWhen`: a failed grading); every judge request is counted.
 */
import { answerTokens } from '../eval/answerNormalize';
import { JUDGE_SYSTEM_INTRO, REFERENCE_RUBRIC } from '../eval/llmJudge';

/** How the simulated judge behaves. */
export interface SimulatedJudgeOptions {
  /** The next this many judge requests get a reply without a score. */
  readonly noScoreReplies?: number;
  /** Every grading of an answer whose reference contains this text gets a reply without a score (a failed grading, every time). */
  readonly noScoreWhen?: string;
}

/** Counters of the simulated judge (reset with the server's). */
export interface SimulatedJudgeStats {
  /** Judge requests answered (retries included). */
  requests: number;
  /** Of them, replies sent without a score. */
  noScore: number;
}

/** Words too common to say whether an answer has the reference's content. */
const STOP_WORDS = new Set('a an and are as at be by for from has have i if in is it its of on or our so that the this to was we will with you your can do not'.split(' '));

/** The parts of a judge request. */
interface JudgeCase {
  readonly rubric: string;
  readonly maxScore: number;
  readonly reference: string | undefined;
  readonly answer: string;
  /** The request is the judge's second chance (its first reply had no score). */
  readonly reminded: boolean;
}

/** Grades judge requests; see the module comment. */
export class SimulatedJudge {
  readonly stats: SimulatedJudgeStats = { requests: 0, noScore: 0 };
  private noScoreLeft = 0;
  private noScoreWhen: string | undefined;

  constructor(options: SimulatedJudgeOptions = {}) {
    this.set(options);
  }

  /** Replaces the options (what is left of an earlier `noScoreReplies` is dropped). */
  set(options: SimulatedJudgeOptions): void {
    this.noScoreLeft = options.noScoreReplies ?? 0;
    this.noScoreWhen = options.noScoreWhen;
  }

  resetStats(): void {
    Object.assign(this.stats, { requests: 0, noScore: 0 });
  }

  /** The reply to a judge request, or undefined when the messages are not one. */
  respond(messages: readonly { readonly role: string; readonly content: string }[]): string | undefined {
    const judgeCase = parseJudgeCase(messages);
    if (judgeCase === undefined) return undefined;
    this.stats.requests++;
    const always = this.noScoreWhen !== undefined && (judgeCase.reference ?? '').includes(this.noScoreWhen);
    if (always || this.noScoreLeft > 0) {
      if (!always) this.noScoreLeft--;
      this.stats.noScore++;
      return '(simulated judge) The answer reads well, but I will not commit to a number.';
    }
    return grade(judgeCase);
  }
}

function parseJudgeCase(messages: readonly { readonly role: string; readonly content: string }[]): JudgeCase | undefined {
  const system = messages[0];
  if (system?.role !== 'system' || !system.content.startsWith(JUDGE_SYSTEM_INTRO)) return undefined;
  const user = messages[1]?.content ?? '';
  const rubric = /Grading rubric:\n([\s\S]*?)\n\nThink briefly/.exec(system.content)?.[1] ?? '';
  const maxScore = Number(/to (\d+) \(best\)/.exec(system.content)?.[1] ?? '10');
  return {
    rubric,
    maxScore: maxScore > 0 ? maxScore : 10,
    reference: section(user, 'Reference answer'),
    answer: section(user, 'Answer to grade') ?? '',
    reminded: messages.length > 2,
  };
}

/** The text under `## <name>` up to the next section. */
function section(text: string, name: string): string | undefined {
  const start = text.indexOf(`## ${name}\n`);
  if (start < 0) return undefined;
  const body = text.slice(start + name.length + 4);
  const end = body.search(/\n\n## (Input|Reference answer|Answer to grade)\n/);
  return end < 0 ? body : body.slice(0, end);
}

function contentWords(text: string): string[] {
  return [...new Set(answerTokens(text).filter((w) => !STOP_WORDS.has(w)))];
}

function grade(c: JudgeCase): string {
  const answer = new Set(contentWords(c.answer));
  const reference = contentWords(c.reference ?? '');
  const shared = reference.filter((w) => answer.has(w));
  const recall = reference.length === 0 ? 0 : shared.length / reference.length;
  const precision = answer.size === 0 ? 0 : shared.length / answer.size;
  const f1 = recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
  const quoted = c.rubric === REFERENCE_RUBRIC ? [] : [...c.rubric.matchAll(/["“]([^"”]{2,40})["”]/g)].map((m) => (m[1] ?? '').toLowerCase());
  const used = quoted.filter((q) => c.answer.toLowerCase().includes(q));
  const quality = quoted.length === 0 ? f1 : 0.7 * f1 + (0.3 * used.length) / quoted.length;
  const score = Math.round(quality * c.maxScore);
  const missing = reference.filter((w) => !answer.has(w)).slice(0, 4);
  const parts = [
    `(simulated judge) The answer has ${shared.length} of the reference's ${reference.length} key words`,
    missing.length > 0 ? `; missing: ${missing.join(', ')}` : '',
    quoted.length > 0 ? `; it uses ${used.length} of the ${quoted.length} terms the rubric asks for` : '',
    c.reminded ? ' (asked again for a score)' : '',
    '.',
  ];
  return `${parts.join('')}\nScore: ${score}`;
}
