/**
 * Test fixture (a second development extension in the extension-host suite): a deterministic
 * chat model registered through the Language Model API once `zopoTestLm.register` runs, so the
 * suite can test ZOPO both with no model and with one. It answers like a model that follows
 * its instruction: an instruction that asks for the opposite/antonym gets the dataset's answer
 * for the word, any other gets the word back; a request to write instructions gets one. It
 * counts what it is asked, for the tests to compare with ZOPO's usage counts.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

interface Stats {
  requests: number;
  tokenCounts: number;
  extensions: string[];
  /** Requests to the second model (`zopoTestLm.registerJudge`, id `fake-judge-1`, family `fake-judge`): gradings, and the rest (writing). */
  judgeGradings: number;
  judgeOther: number;
}

const stats: Stats = { requests: 0, tokenCounts: 0, extensions: [], judgeGradings: 0, judgeOther: 0 };

/**
 * The first model's requests by content (`zopoTestLm.log`), and a hold that keeps one request
 * unanswered until it is cancelled (`zopoTestLm.holdAfter`): a run cut off mid-evaluation.
 */
const requestLog = { answered: [] as string[], holding: false };
let hold: { left: number } | undefined;
let releaseHeld: (() => void) | undefined;

function requestKey(messages: readonly vscode.LanguageModelChatMessage[]): string {
  return JSON.stringify(messages.map((m) => [m.role, textOf(m)]));
}

/** Resolves when the request is cancelled or `zopoTestLm.release` runs; nothing is answered. */
function held(token: vscode.CancellationToken): Promise<void> {
  requestLog.holding = true;
  return new Promise<void>((resolve) => {
    const done = (): void => {
      requestLog.holding = false;
      releaseHeld = undefined;
      resolve();
    };
    releaseHeld = done;
    token.onCancellationRequested(done);
  });
}
let registered: vscode.Disposable | undefined;
let judgeRegistered: vscode.Disposable | undefined;

function textOf(message: vscode.LanguageModelChatMessage | string): string {
  if (typeof message === 'string') return message;
  // Messages come from another extension host's objects: read text parts by shape, not class.
  const parts: readonly unknown[] = message.content;
  return parts.map((part) => (typeof part === 'object' && part !== null && typeof (part as { value?: unknown }).value === 'string' ? (part as { value: string }).value : '')).join('');
}

function answers(): Map<string, string> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const map = new Map<string, string>();
  if (!folder) return map;
  for (const name of ['antonyms.jsonl', 'antonyms.test.jsonl']) {
    const file = vscode.Uri.joinPath(folder.uri, 'data', name).fsPath;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { input: string; output: string };
      map.set(row.input.trim(), row.output.trim());
    }
  }
  return map;
}

function reply(messages: readonly vscode.LanguageModelChatMessage[], known: Map<string, string>): string {
  const texts = messages.map(textOf);
  // ZOPO's meta-prompts (instruction induction, rewrites) are one message about an instruction.
  if (texts.length === 1 && /instruction/i.test(texts[0] ?? '')) {
    return /numbered list/i.test(texts[0] ?? '') ? '1. Write the antonym of the given word.\n2. Give the opposite of the word, one word only.' : 'write the antonym of the given word.';
  }
  const word = (texts[texts.length - 1] ?? '').trim();
  const instruction = texts.slice(0, -1).join('\n');
  return /opposite|antonym/i.test(instruction) ? (known.get(word) ?? word) : word;
}

/**
 * The second model: a judge request (ZOPO's judge system message first) gets 10/10 when the
 * answer equals the reference and 0/10 otherwise, with a line of reasoning; a request to
 * write instructions gets what the first model writes.
 */
function judgeReply(messages: readonly vscode.LanguageModelChatMessage[]): string {
  const texts = messages.map(textOf);
  if (!(texts[0] ?? '').startsWith('You grade answers produced by an AI assistant.')) {
    stats.judgeOther++;
    return reply(messages, new Map());
  }
  stats.judgeGradings++;
  const user = texts[texts.length - 1] ?? '';
  const reference = /## Reference answer\n([\s\S]*?)\n\n## Answer to grade/.exec(user)?.[1]?.trim().toLowerCase();
  const answer = /## Answer to grade\n([\s\S]*)$/.exec(user)?.[1]?.trim().toLowerCase();
  return reference !== undefined && reference === answer ? 'The fake judge: the answer is the reference.\nScore: 10' : 'The fake judge: the answer is not the reference.\nScore: 0';
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zopoTestLm.register', () => {
      if (registered) return true;
      const known = answers();
      registered = vscode.lm.registerChatModelProvider('fake-antonyms', {
        provideLanguageModelResponse: (messages, _options, extensionId, progress, token) => {
          stats.requests++;
          if (!stats.extensions.includes(extensionId)) stats.extensions.push(extensionId);
          if (hold !== undefined && hold.left-- <= 0) {
            hold = undefined;
            return held(token);
          }
          progress.report({ index: 0, part: new vscode.LanguageModelTextPart(reply(messages, known)) });
          requestLog.answered.push(requestKey(messages));
          return Promise.resolve();
        },
        provideTokenCount: (text) => {
          stats.tokenCounts++;
          return Promise.resolve(Math.ceil(textOf(text).length / 4));
        },
      }, { vendor: 'zopo-test', name: 'Fake antonyms', family: 'fake-antonyms', version: '1', maxInputTokens: 16_000, maxOutputTokens: 1_000 });
      context.subscriptions.push(registered);
      return true;
    }),
    vscode.commands.registerCommand('zopoTestLm.registerJudge', () => {
      if (judgeRegistered) return true;
      judgeRegistered = vscode.lm.registerChatModelProvider('fake-judge-1', {
        provideLanguageModelResponse: (messages, _options, _extensionId, progress) => {
          progress.report({ index: 0, part: new vscode.LanguageModelTextPart(judgeReply(messages)) });
          return Promise.resolve();
        },
        provideTokenCount: (text) => Promise.resolve(Math.ceil(textOf(text).length / 4)),
      }, { vendor: 'zopo-test', name: 'Fake judge', family: 'fake-judge', version: '1', maxInputTokens: 16_000, maxOutputTokens: 1_000 });
      context.subscriptions.push(judgeRegistered);
      return true;
    }),
    vscode.commands.registerCommand('zopoTestLm.stats', () => ({ ...stats })),
    vscode.commands.registerCommand('zopoTestLm.log', () => ({ answered: [...requestLog.answered], holding: requestLog.holding })),
    vscode.commands.registerCommand('zopoTestLm.holdAfter', (count: number) => {
      hold = { left: count };
      return true;
    }),
    vscode.commands.registerCommand('zopoTestLm.release', () => {
      hold = undefined;
      releaseHeld?.();
      return true;
    }),
  );
}
