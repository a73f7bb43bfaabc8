/**
 * Worker-thread entry (bundled as dist/scorerWorker.js): loads a user's scorer module and
 * calls it for each `score` message (scorerProtocol.ts). The scorer runs here, not in the
 * run's thread, so a busy loop or a promise that never settles cannot freeze the run or
 * Ctrl-C: the host terminates this thread when a call exceeds its time limit.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { isHostMessage, toThrownError, type ScoreRequest, type WorkerMessage } from './scorerProtocol';

type ScoreFn = (output: string, expected: string, example: unknown) => unknown;

let scorer: ScoreFn | undefined;

function send(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

async function importModule(file: string): Promise<unknown> {
  try {
    return createRequire(file)(file) as unknown;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw e;
  }
  return (await import(pathToFileURL(file).href)) as unknown;
}

/** The module itself, its default export, or its `score` export, whichever is a function. */
function pickFunction(mod: unknown): ScoreFn | string {
  const record = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>) : {};
  for (const candidate of [mod, record['default'], record['score']]) {
    if (typeof candidate === 'function') return candidate as ScoreFn;
  }
  const keys = Object.keys(record);
  return keys.length > 0 ? `it exports ${keys.join(', ')}` : 'it exports nothing';
}

async function load(file: string): Promise<void> {
  try {
    const picked = pickFunction(await importModule(file));
    if (typeof picked === 'string') send({ type: 'loadFailed', error: { message: picked, stack: undefined }, exportsNoFunction: picked });
    else {
      scorer = picked;
      send({ type: 'loaded' });
    }
  } catch (e) {
    send({ type: 'loadFailed', error: toThrownError(e) });
  }
}

async function score(request: ScoreRequest): Promise<void> {
  const fn = scorer;
  if (fn === undefined) {
    send({ type: 'threw', id: request.id, error: { message: 'the scorer module is not loaded', stack: undefined } });
    return;
  }
  let value: unknown;
  try {
    value = await fn(request.output, request.expected, request.example);
  } catch (e) {
    send({ type: 'threw', id: request.id, error: toThrownError(e) });
    return;
  }
  try {
    send({ type: 'scored', id: request.id, value });
  } catch {
    // A function, a symbol or a class instance with one cannot be cloned: say what it was.
    send({ type: 'unsendable', id: request.id, kind: typeof value });
  }
}

parentPort?.on('message', (message: unknown) => {
  if (!isHostMessage(message)) return;
  void (message.type === 'load' ? load(message.file) : score(message));
});
send({ type: 'ready' });
