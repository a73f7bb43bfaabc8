/** Shared set-up of the pipeline tests: small antonym datasets, a sandbox serving them, run configs. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GenerationOptions, GenerationResult } from '../../../src/core/candidates/candidateGenerator';
import { exampleInputText } from '../../../src/core/prompt/chatMessages';
import { makeRunConfig, type RunConfig, type RunConfigInput } from '../../../src/core/pipeline/runConfig';
import type { RunEvent } from '../../../src/core/pipeline/runEvents';
import { startSandbox } from '../../../src/core/sandbox/sandboxServer';
import type { SandboxFaults, SandboxHandle } from '../../../src/core/sandbox/sandboxTypes';

/** The repository root. */
export const ROOT = resolve(__dirname, '../../..');
export const EXAMPLE_PROMPT = join(ROOT, 'examples/antonyms/prompts/antonyms.prompt');
const TRAIN = join(ROOT, 'examples/antonyms/data/antonyms.jsonl');
const TEST = join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl');

/** A scratch directory with the first `trainRows`/`testRows` antonym pairs as data files. */
export interface Workspace {
  readonly dir: string;
  readonly data: string;
  readonly test: string;
  path(name: string): string;
  write(name: string, text: string): string;
  cleanup(): void;
}

/** Creates a workspace; call `cleanup` in an `after` hook. */
export function makeWorkspace(trainRows = 60, testRows = 20): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'zopo-pipeline-'));
  const head = (file: string, rows: number): string => readFileSync(file, 'utf8').split('\n').slice(0, rows).join('\n') + '\n';
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text, 'utf8');
    return file;
  };
  return {
    dir,
    data: write('train.jsonl', head(TRAIN, trainRows)),
    test: write('test.jsonl', head(TEST, testRows)),
    path: (name) => join(dir, name),
    write,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The rows of a JSONL file as sandbox items. */
function itemsOf(file: string): { input: string; output: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { input: string; output: string })
    .map((r) => ({ input: exampleInputText({ index: 0, line: 1, inputs: { input: r.input }, output: r.output }), output: r.output }));
}

/** A sandbox serving the workspace's data (the pipeline's own in-process one is not countable). */
export function sandboxFor(ws: Workspace, faults: SandboxFaults = {}): Promise<SandboxHandle> {
  return startSandbox({ datasets: [{ name: 'antonyms', items: [...itemsOf(ws.data), ...itemsOf(ws.test)] }], faults, seed: 7 });
}

/** The workspace and sandbox one describe block shares. */
export interface SandboxWorkspace {
  readonly ws: Workspace;
  readonly sandbox: SandboxHandle;
}

/**
 * Registers mocha hooks that make a workspace and a sandbox serving its data before the block's
 * tests, reset the sandbox's request counts before each, and clean both up after.
 */
export function useSandboxWorkspace(): SandboxWorkspace {
  let env: SandboxWorkspace | undefined;
  before(async () => {
    const ws = makeWorkspace();
    env = { ws, sandbox: await sandboxFor(ws) };
  });
  after(async () => {
    await env?.sandbox.close();
    env?.ws.cleanup();
  });
  beforeEach(() => env?.sandbox.resetStats());
  const get = (): SandboxWorkspace => {
    if (env === undefined) throw new Error('useSandboxWorkspace() is read before its before() hook ran');
    return env;
  };
  return { get ws() { return get().ws; }, get sandbox() { return get().sandbox; } };
}

/** A small, fast run against `sandbox`. */
export function smallConfig(ws: Workspace, sandbox: SandboxHandle, overrides: Partial<RunConfigInput> = {}): RunConfig {
  return makeRunConfig({
    promptText: 'Write the opposite of the given word.',
    promptSource: EXAMPLE_PROMPT,
    dataFile: ws.data,
    testDataFile: ws.test,
    provider: 'sandbox',
    baseUrl: sandbox.baseUrl,
    budget: 16,
    validationSize: 5,
    candidateCount: 30,
    concurrency: 4,
    seed: 3,
    ...overrides,
  });
}

/** Requests the sandbox received, all endpoints. */
export function totalRequests(sandbox: SandboxHandle): number {
  const r = sandbox.stats.requests;
  return r.chat + r.embeddings + r.models + r.other;
}

/** Collects events; `of(type)` filters them. */
export class EventLog {
  readonly events: RunEvent[] = [];
  readonly listener = (event: RunEvent): void => {
    this.events.push(event);
  };

  of<T extends RunEvent['type']>(type: T): Extract<RunEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
  }
}

/** Fast retries for fault tests. */
export const FAST_RETRIES = { baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 50, maxRetries: 8, timeoutMs: 5000 } as const;

/**
 * A candidate generator that asks no model: the texts `variants` makes of the original, the
 * first of them marked as the original, the rest as paraphrases.
 */
export function fixedCandidates(variants: (original: string) => string[]): (options: GenerationOptions) => Promise<GenerationResult> {
  return async (options) => {
    await Promise.resolve();
    const texts = variants(options.original);
    return { candidates: texts.map((text, i) => ({ text, origin: i === 0 ? 'original' : 'paraphrase' })), calls: 0, rejected: 0, duplicates: 0, failedCalls: 0, aborted: false };
  };
}
