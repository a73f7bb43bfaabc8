/**
 * Worker-thread entry (bundled as dist/tokenWorker.js): counts the tokens of the texts it is
 * sent, so that the tokenizer's tables live and die with the worker (see tokenCountsApart.ts).
 */
import { parentPort } from 'node:worker_threads';
import { countTokens } from './tokenCount';

parentPort?.on('message', (texts: unknown) => {
  const list = Array.isArray(texts) ? texts : [];
  parentPort?.postMessage(list.map((t) => (typeof t === 'string' ? countTokens(t) : 0)));
});
