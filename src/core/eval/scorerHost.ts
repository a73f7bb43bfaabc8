/**
 * The run's side of a custom scorer: a worker thread (scorerWorker.ts) that loads the
 * module and answers one call at a time, each under a time limit. A call that runs over
 * (a busy loop, a promise that never settles) terminates the worker, so the run's own
 * thread, its timers and Ctrl-C stay responsive; every later call fails with the same
 * error. Calls are sent one at a time so that the limit measures the scorer, not a queue.
 *
 * The worker is the bundled scorerWorker.js next to this code (dist/ for the CLI and the
 * extension). Running from the TypeScript sources (tests, `tsx src/cli/main.ts`), it is
 * scorerWorker.ts, loaded through tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Example } from '../data/datasetTypes';
import { isWorkerMessage, type HostMessage, type ThrownError, type WorkerMessage } from './scorerProtocol';
import { MetricError } from './scoreTypes';

/** The default time limit of one call (and of loading the module), in seconds. */
export const DEFAULT_SCORER_TIMEOUT_S = 10;
/**
 * How long the thread itself may take to start, before the module's own time limit
 * begins: generous, as a busy machine (or tsx compiling the worker from its sources) is
 * slow to start a thread, and a scorer's limit should measure the scorer.
 */
const STARTUP_TIMEOUT_MS = 30_000;

/** How the worker is started. */
export interface ScorerHostOptions {
  /** Time limit of loading and of each call, in milliseconds. */
  readonly timeoutMs: number;
  /** The worker script (default: scorerWorker.js beside this bundle). */
  readonly workerFile?: string;
}

/** ` on example N (data line L)`: where a call came from, for messages. */
export function exampleLabel(example: Example | undefined): string {
  return example === undefined ? '' : ` on example ${example.index + 1} (data line ${example.line})`;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * `file:line:col` of the first stack frame inside the scorer module, or undefined.
 * Frames name the module by path (CommonJS) or file URL (ES modules); a syntax error's
 * stack starts with `file:line`.
 */
export function locationInModule(stack: string | undefined, file: string): string | undefined {
  if (stack === undefined) return undefined;
  const url = `file://${file.startsWith('/') ? '' : '/'}${file.split('\\').join('/')}`;
  for (const name of [file, url]) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
    if (match) return `${file}:${match[1]}${match[2] === undefined ? '' : `:${match[2]}`}`;
  }
  return undefined;
}

function describeThrown(error: ThrownError, file: string): string {
  const at = locationInModule(error.stack, file);
  return at === undefined ? error.message : `${error.message} (at ${at})`;
}

function resolveWorker(workerFile: string | undefined): { file: string; execArgv?: string[] } {
  if (workerFile !== undefined) return { file: workerFile };
  const bundled = join(__dirname, 'scorerWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  // From the sources: the .ts entry, compiled on the fly by tsx (a development dependency).
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return { file: join(__dirname, 'scorerWorker.ts'), execArgv: ['--require', tsx] };
}

interface Pending {
  readonly id: number;
  readonly resolve: (message: WorkerMessage) => void;
  readonly reject: (error: Error) => void;
}

/** A loaded custom scorer in its worker; see the module comment. */
export class ScorerHost {
  private readonly worker: Worker;
  private pending: Pending | undefined;
  private dead: MetricError | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  private constructor(
    readonly file: string,
    private readonly options: ScorerHostOptions,
  ) {
    const { file: script, execArgv } = resolveWorker(options.workerFile);
    this.worker = new Worker(script, { stdout: true, stderr: true, ...(execArgv === undefined ? {} : { execArgv }) });
    // What the scorer prints goes to stderr: stdout may be the CLI's --json report.
    this.worker.stdout.pipe(process.stderr, { end: false });
    this.worker.stderr.pipe(process.stderr, { end: false });
    // A host nobody closed must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: unknown) => this.receive(message));
    this.worker.on('error', (error) => this.die(new MetricError(`custom scorer ${file} crashed its worker: ${describeThrown({ message: error.message, stack: error.stack }, file)}`)));
    this.worker.on('exit', (code) => this.die(new MetricError(`custom scorer ${file} ended its worker (exit code ${code})`)));
  }

  /** Starts the worker and loads `file` in it; every problem is a {@link MetricError}. */
  static async start(file: string, options: ScorerHostOptions): Promise<ScorerHost> {
    const host = new ScorerHost(file, options);
    await host.exchange(undefined, 0, `could not start its worker thread within ${seconds(STARTUP_TIMEOUT_MS)}`, STARTUP_TIMEOUT_MS);
    const reply = await host.exchange({ type: 'load', file }, 0, `did not finish loading within ${seconds(options.timeoutMs)}`);
    if (reply.type === 'loadFailed') {
      void host.close();
      if (reply.exportsNoFunction !== undefined) {
        throw new MetricError(`custom scorer ${file} exports no function: export one as module.exports, default or score (${reply.exportsNoFunction})`);
      }
      throw new MetricError(`custom scorer ${file} failed to load: ${describeThrown(reply.error, file)}`);
    }
    return host;
  }

  /** Calls the scorer once and resolves with what it returned; throws a {@link MetricError}. */
  call(output: string, expected: string, example: Example | undefined, signal?: AbortSignal): Promise<unknown> {
    const run = async (): Promise<unknown> => {
      const id = this.nextId++;
      const overrun = `did not return within ${seconds(this.options.timeoutMs)}${exampleLabel(example)}: it was stopped (a busy loop or a promise that never settles?)`;
      const reply = await this.exchange({ type: 'score', id, output, expected, example }, id, overrun, this.options.timeoutMs, signal);
      if (reply.type === 'threw') throw new MetricError(`custom scorer ${this.file} threw${exampleLabel(example)}: ${describeThrown(reply.error, this.file)}`);
      if (reply.type === 'unsendable') throw new MetricError(`custom scorer ${this.file} returned a ${reply.kind}${exampleLabel(example)}; expected a number in [0, 1] or a boolean`);
      return reply.type === 'scored' ? reply.value : undefined;
    };
    const result = this.tail.then(run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker; later calls fail. */
  async close(): Promise<void> {
    this.dead ??= new MetricError(`custom scorer ${this.file} was closed`);
    await this.worker.terminate();
  }

  /** Sends one message (none: waits for `ready`) and waits for its reply under a time limit (or the signal). */
  private exchange(message: HostMessage | undefined, id: number, overrun: string, limitMs = this.options.timeoutMs, signal?: AbortSignal): Promise<WorkerMessage> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    if (signal?.aborted === true) return Promise.reject(new MetricError(`custom scorer ${this.file}: cancelled`));
    return new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => this.die(new MetricError(`custom scorer ${this.file} ${overrun}`)), limitMs);
      // A cancelled run does not wait for a slow scorer: the worker goes with the call.
      const onAbort = (): void => this.die(new MetricError(`custom scorer ${this.file}: cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
      };
      this.pending = { id, resolve: (m) => (done(), resolve(m)), reject: (e) => (done(), reject(e)) };
      if (message !== undefined) this.worker.postMessage(message);
    });
  }

  private receive(message: unknown): void {
    if (!isWorkerMessage(message) || this.pending === undefined) return;
    const id = message.type === 'ready' || message.type === 'loaded' || message.type === 'loadFailed' ? 0 : message.id;
    if (id === this.pending.id) this.pending.resolve(message);
  }

  /** The worker is gone or must go: the pending call and every later one fail with `error`. */
  private die(error: MetricError): void {
    if (this.dead === undefined) {
      this.dead = error;
      void this.worker.terminate();
    }
    this.pending?.reject(this.dead);
  }
}
