/**
 * Token counts for the up-front estimate, counted in a worker thread that ends afterwards.
 * Loading the o200k tokenizer costs about 35-60 MB of memory that a process never gets back;
 * in a worker, that memory is returned when the worker exits, so a run that needs the
 * tokenizer only for its estimate (no tokens-per-minute limit) keeps its peak well lower
 * (measured by `npm run -s bench:pipeline`).
 *
 * The worker is the bundled dist/tokenWorker.js next to this code. Where there is none
 * (running from the TypeScript sources) or the worker fails or does not answer within the
 * time limit, the texts are counted here instead: the counts are the same either way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { countTokens } from './tokenCount';

/** How long the worker may take (start, load the tokenizer, count) before counting here. */
const WORKER_TIMEOUT_MS = 30_000;

export interface TokenCounts {
  readonly counts: readonly number[];
  /** Where they were counted. */
  readonly where: 'worker' | 'here';
}

export interface TokenCountOptions {
  /** The worker script (default: tokenWorker.js beside this bundle). */
  readonly workerFile?: string;
  readonly timeoutMs?: number;
}

function inWorker(file: string, texts: readonly string[], timeoutMs: number): Promise<number[]> {
  return new Promise<number[]>((resolve, reject) => {
    const worker = new Worker(file);
    const timer = setTimeout(() => finish(new Error(`the token counter did not answer within ${timeoutMs} ms`)), timeoutMs);
    function finish(error: Error | undefined, counts?: number[]): void {
      clearTimeout(timer);
      void worker.terminate();
      if (error === undefined && counts !== undefined) resolve(counts);
      else reject(error ?? new Error('the token counter sent nothing'));
    }
    worker.once('message', (counts: unknown) => {
      const ok = Array.isArray(counts) && counts.length === texts.length && counts.every((c) => typeof c === 'number');
      finish(ok ? undefined : new Error('the token counter sent a malformed reply'), ok ? counts : undefined);
    });
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => finish(new Error(`the token counter exited with code ${code}`)));
    worker.postMessage(texts);
  });
}

/** The token count of each text (gpt-tokenizer, o200k), in a worker where one is available. */
export async function countTokensApart(texts: readonly string[], options: TokenCountOptions = {}): Promise<TokenCounts> {
  const file = options.workerFile ?? join(__dirname, 'tokenWorker.js');
  if (existsSync(file)) {
    try {
      return { counts: await inWorker(file, texts, options.timeoutMs ?? WORKER_TIMEOUT_MS), where: 'worker' };
    } catch {
      // Counted here below: the same numbers, only the memory is not given back.
    }
  }
  return { counts: texts.map(countTokens), where: 'here' };
}
