/** Running the CLI in tests: in-process with captured streams, or as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/cliIo';
import { main } from '../../../src/cli/main';
import { ROOT } from '../pipeline/pipelineFixtures';

/** The outcome of one in-process run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What an in-process run may be given besides its arguments. */
export interface RunCliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  /** The first Ctrl-C, as main.ts wires it. */
  readonly stopSignal?: AbortSignal;
  /** The second Ctrl-C. */
  readonly cancelSignal?: AbortSignal;
  /** Sees each write to stderr (the progress lines) as it happens. */
  readonly onStderr?: (text: string) => void;
}

/** Runs `zopo <argv>` in-process in `cwd`, with `stdin` as standard input. */
export async function runCli(argv: readonly string[], cwd: string, options: RunCliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: {
      write: (t: string) => {
        stderr += t;
        options.onStderr?.(t);
      },
    },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    cwd,
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
    ...(options.cancelSignal === undefined ? {} : { cancelSignal: options.cancelSignal }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/**
 * Starts `zopo <argv>` as one node process with tsx as a loader (the tsx command runs the
 * program in a second process, which a SIGKILL of the first would leave running).
 */
export function spawnCli(argv: readonly string[], cwd: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/cli/main.ts'), ...argv], { cwd, env: { ...process.env, OPENAI_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** What a `zopo` child process left: its exit status, its stdout, and stdout and stderr together. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
}

/** Runs `zopo <argv>` as a child process and waits until its streams are closed. */
export async function spawnCliToEnd(argv: readonly string[], cwd: string): Promise<ChildRun> {
  const run = spawnCli(argv, cwd);
  let stdout = '';
  run.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const closed = new Promise<void>((resolve) => run.child.on('close', () => resolve()));
  const code = await run.exit;
  await closed;
  return { code, stdout, output: run.output() };
}

/** Resolves when `check` holds, polling every 25 ms; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Entries of a directory, or [] when it does not exist. */
export function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
