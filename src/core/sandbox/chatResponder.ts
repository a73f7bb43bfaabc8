/**
 * What the sandbox says to a chat request: a proposed or rewritten instruction for a
 * meta-prompt, an answer (right with the instruction's probability, else plausibly wrong)
 * for a dataset item, a grade for a judge request (simulatedJudge.ts), and an honest "I am
 * simulated" otherwise.
 */
import { fnv1a } from '../llm/hashedFeatures';
import { answersCorrectly, taskProfile, type TaskProfile } from './accuracyModel';
import { proposeInstruction, rewriteFor, type WriterTask } from './instructionWriter';
import { matchItem } from './itemMatcher';
import { parseMetaRequest, requestedCount, type MetaRequest } from './metaPrompt';
import type { SandboxDataset } from './sandboxTypes';
import { seededRandom } from './seededRandom';
import { SimulatedJudge, type SimulatedJudgeOptions } from './simulatedJudge';
import { wrongAnswer } from './wrongAnswer';

/** The parts of a chat request the sandbox reads. */
export interface SandboxChatRequest {
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly temperature: number;
  readonly seed: number;
  /** Choice index (the request's `n` gives 0..n-1). */
  readonly choice: number;
}

/** Reply when the request is neither a meta-prompt nor a known item. */
export const UNKNOWN_REPLY =
  '(simulated) I am the offline sandbox model. I can answer items of the datasets I was started with and write or rewrite instructions.';

/** Answers chat requests for a fixed set of datasets. */
export class ChatResponder {
  private readonly datasets: readonly SandboxDataset[];
  private readonly profiles: Map<SandboxDataset, TaskProfile>;
  private readonly seed: number;

  /** Answers judge requests (simulatedJudge.ts), before anything else is tried. */
  readonly judge: SimulatedJudge;

  constructor(datasets: readonly SandboxDataset[], seed: number, judge: SimulatedJudgeOptions = {}) {
    this.judge = new SimulatedJudge(judge);
    this.datasets = datasets;
    this.profiles = new Map(datasets.map((d) => [d, taskProfile(d)]));
    this.seed = seed;
  }

  /** The assistant's message content for one choice of a request. */
  respond(request: SandboxChatRequest): string {
    const graded = this.judge.respond(request.messages);
    if (graded !== undefined) return graded;
    const lastUserIndex = request.messages.map((m) => m.role).lastIndexOf('user');
    const lastUser = request.messages[lastUserIndex]?.content ?? '';
    const allText = request.messages.map((m) => m.content).join('\n');
    const meta = parseMetaRequest(allText);
    if (meta !== undefined) return this.writeInstructions(meta, allText, request);
    const context = request.messages.filter((_, i) => i !== lastUserIndex).map((m) => m.content);
    const match = matchItem(this.datasets, lastUser, context.join('\n'));
    if (match === undefined) return UNKNOWN_REPLY;
    const profile = this.profileOf(match.dataset);
    const salt = request.temperature > 0 ? fnv1a(`${request.seed}:${request.choice}`) : 0;
    if (answersCorrectly(match.instruction, match.item.input, profile, salt)) return match.item.output;
    return wrongAnswer(match.item.output, match.dataset, profile, `${match.instruction}\u0000${match.item.input}`);
  }

  private writeInstructions(meta: MetaRequest, text: string, request: SandboxChatRequest): string {
    const random = seededRandom(fnv1a(`${text}\u0000${request.temperature}:${request.seed}:${request.choice}`, this.seed));
    const task = this.taskFor(text);
    const count = requestedCount(text);
    const one = (): string =>
      meta.kind === 'propose' ? proposeInstruction(task, random) : rewriteFor(text, meta.original, task, random);
    if (count === 1) return one();
    return Array.from({ length: count }, (_, i) => `${i + 1}. ${one()}`).join('\n');
  }

  /** The dataset a meta-prompt is about: most inputs quoted, then most keywords mentioned. */
  private taskFor(text: string): WriterTask {
    const lower = text.toLowerCase();
    let best: SandboxDataset | undefined;
    let bestScore = -1;
    for (const dataset of this.datasets) {
      const quoted = dataset.items.filter((item) => item.input.trim() !== '' && text.includes(item.input.trim())).length;
      const mentioned = (dataset.keywords ?? []).filter((k) => lower.includes(k.toLowerCase())).length;
      const score = quoted * 100 + mentioned;
      if (score > bestScore) [best, bestScore] = [dataset, score];
    }
    if (best === undefined) return { profile: { keywords: [], labels: [], baseAccuracy: 0.45 }, description: undefined };
    return { profile: this.profileOf(best), description: best.description };
  }

  private profileOf(dataset: SandboxDataset): TaskProfile {
    return this.profiles.get(dataset) ?? taskProfile(dataset);
  }
}
