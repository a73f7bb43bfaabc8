/**
 * Pipeline benchmark (not a test): the orchestrator against the loopback sandbox with a
 * fixed latency per call, measuring
 *   1. wall time of the evaluation phase (the search) against the ideal
 *      queries x valSize x latency / concurrency (40 x 20 x 0.2 s / 16 = 10 s),
 *   2. the pipeline's own CPU time as a share of the wall time (the sandbox runs in a
 *      child process, so its CPU is not counted),
 *   3. peak memory (RSS and heap) of a run over a generated 100,000-row dataset.
 *
 * Usage: npm run -s bench:pipeline -- [--latency 200] [--concurrency 16] [--queries 40] [--val-size 20] [--rows 100000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runOptimization } from '../src/core/pipeline/orchestrator';
import { makeRunConfig } from '../src/core/pipeline/runConfig';
import type { RunEvent } from '../src/core/pipeline/runEvents';
import { startSandbox } from '../src/core/sandbox/sandboxServer';

/** The repository: one level up from scripts/, two from the bundle in out/bench/. */
const ROOT = existsSync(resolve(__dirname, '..', 'package.json')) ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');
const PROMPT = 'Write the opposite of the given word.';

interface Settings {
  readonly latency: number;
  readonly concurrency: number;
  readonly queries: number;
  readonly valSize: number;
  readonly rows: number;
}

/** Child mode: serve `file`'s rows on loopback with `latency` ms per call; print the base URL. */
async function serve(file: string, latency: number): Promise<void> {
  const items = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { input: string; output: string });
  const sandbox = await startSandbox({ datasets: [{ name: 'bench', items }], faults: { latencyMs: latency }, seed: 1 });
  process.stdout.write(JSON.stringify({ baseUrl: sandbox.baseUrl }) + '\n');
  process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
}

/** Starts the sandbox in a child process, so that its CPU does not count as the pipeline's. */
async function startChildSandbox(file: string, latency: number): Promise<{ baseUrl: string; child: ChildProcess }> {
  // The same runtime as this process: plain node for the bundled benchmark, tsx's loader otherwise.
  const child = spawn(process.execPath, [...process.execArgv, __filename, '--serve', file, '--latency', String(latency)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolveLine);
    child.once('exit', () => reject(new Error('the sandbox process exited')));
  });
  return { baseUrl: (JSON.parse(line) as { baseUrl: string }).baseUrl, child };
}

interface Measured {
  readonly totalWallMs: number;
  readonly evalWallMs: number;
  readonly evalCpuMs: number;
  readonly totalCpuMs: number;
  readonly peakHeapMb: number;
  readonly evaluationCalls: number;
  readonly queries: number;
}

/** One run; the evaluation phase is from the `searching` phase event to the `testing` one. */
async function measureRun(settings: Settings, dataFile: string, testFile: string | undefined, baseUrl: string, runDir: string): Promise<Measured> {
  const config = makeRunConfig({
    promptText: PROMPT, promptSource: 'bench', dataFile, testDataFile: testFile, provider: 'sandbox', baseUrl,
    budget: settings.queries, validationSize: settings.valSize, concurrency: settings.concurrency, seed: 1, candidateCount: 60,
  });
  let evalStart: [number, NodeJS.CpuUsage] | undefined;
  let evalEnd: [number, NodeJS.CpuUsage] | undefined;
  let evaluationCalls = 0;
  const onEvent = (e: RunEvent): void => {
    if (e.type === 'phase' && e.phase === 'searching' && evalStart === undefined) evalStart = [performance.now(), process.cpuUsage()];
    if (e.type === 'phase' && e.phase === 'testing') evalEnd = [performance.now(), process.cpuUsage()];
    if (e.type === 'evaluationFinished') evaluationCalls += e.examples;
  };
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runOptimization(config, { runDir, onEvent });
  const totalWallMs = performance.now() - t0;
  const totalCpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  if (evalStart === undefined || evalEnd === undefined) throw new Error('the run did not reach its test phase');
  const evalCpu = process.cpuUsage(evalStart[1]);
  const endCpu = process.cpuUsage(evalEnd[1]);
  return {
    totalWallMs,
    evalWallMs: evalEnd[0] - evalStart[0],
    evalCpuMs: (evalCpu.user + evalCpu.system - endCpu.user - endCpu.system) / 1000,
    totalCpuMs: (totalCpu.user + totalCpu.system) / 1000,
    peakHeapMb: peakHeap / 2 ** 20,
    evaluationCalls,
    queries: result.queries,
  };
}

/** `rows` antonym-like rows; distinct inputs so the dataset has no duplicate warnings. */
function writeBigDataset(file: string, rows: number): void {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(JSON.stringify({ input: `word${i}x${(i * 7919) % 1000}`, output: `unword${i}` }));
  writeFileSync(file, lines.join('\n') + '\n');
}

function report(label: string, s: Settings, m: Measured): void {
  const ideal = (m.evaluationCalls * s.latency) / s.concurrency;
  const mb = (n: number): string => n.toFixed(1);
  console.log(`\n${label}`);
  console.log(`  queries ${m.queries}, evaluation calls ${m.evaluationCalls}`);
  console.log(`  evaluation phase: ${(m.evalWallMs / 1000).toFixed(2)} s wall vs ideal ${(ideal / 1000).toFixed(2)} s (${m.evaluationCalls} x ${s.latency} ms / ${s.concurrency}): ${((m.evalWallMs / ideal - 1) * 100).toFixed(1)}% over`);
  console.log(`  pipeline CPU in the evaluation phase: ${(m.evalCpuMs / 1000).toFixed(2)} s = ${((m.evalCpuMs / m.evalWallMs) * 100).toFixed(1)}% of its wall time`);
  console.log(`  pipeline CPU over the whole run: ${(m.totalCpuMs / 1000).toFixed(2)} s of ${(m.totalWallMs / 1000).toFixed(2)} s = ${((m.totalCpuMs / m.totalWallMs) * 100).toFixed(1)}%`);
  console.log(`  peak heap ${mb(m.peakHeapMb)} MB, peak RSS so far ${mb(process.resourceUsage().maxRSS / 1024)} MB`);
}

async function bench(s: Settings): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zopo-bench-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`node ${process.version}; baseline RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MB`);
    // Memory first, in a fresh process, so that the peak RSS is this run's.
    const big = join(dir, 'big.jsonl');
    writeBigDataset(big, s.rows);
    const small = join(dir, 'served.jsonl');
    writeFileSync(small, readFileSync(big, 'utf8').split('\n').slice(0, 2000).join('\n'));
    const bigServer = await startChildSandbox(small, s.latency);
    children.push(bigServer.child);
    report(`${s.rows.toLocaleString('en')}-row dataset`, s, await measureRun(s, big, undefined, bigServer.baseUrl, join(dir, 'run-big')));
    const data = join(ROOT, 'examples/antonyms/data/antonyms.jsonl');
    const test = join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl');
    const served = join(dir, 'antonyms.jsonl');
    writeFileSync(served, readFileSync(data, 'utf8') + readFileSync(test, 'utf8'));
    const server = await startChildSandbox(served, s.latency);
    children.push(server.child);
    report('antonyms (300 rows, 100 test)', s, await measureRun(s, data, test, server.baseUrl, join(dir, 'run-antonyms')));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      serve: { type: 'string' }, latency: { type: 'string' }, concurrency: { type: 'string' },
      queries: { type: 'string' }, 'val-size': { type: 'string' }, rows: { type: 'string' },
    },
  });
  const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
  if (values.serve !== undefined) {
    void serve(values.serve, num(values.latency, 200));
    return;
  }
  const settings: Settings = {
    latency: num(values.latency, 200), concurrency: num(values.concurrency, 16), queries: num(values.queries, 40),
    valSize: num(values['val-size'], 20), rows: num(values.rows, 100_000),
  };
  bench(settings).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

main();
