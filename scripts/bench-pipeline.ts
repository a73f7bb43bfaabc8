/**
 * Pipeline benchmark (not a test): the orchestrator against the loopback sandbox with a
 * fixed latency per call, measuring
 *   1. wall time of the evaluation phase (the search) against the ideal
 *      queries x valSize x latency / concurrency (40 x 20 x 0.2 s / 16 = 10 s),
 *   2. the pipeline's own CPU time as a share of the wall time (the sandbox runs in a
 *      child process, so its CPU is not counted),
 *   3. peak memory (RSS and heap) of a run over a generated 100,000-row dataset.
 *
 * Usage: npm run -s bench:pipeline -- [--latency 200] [--concurrency 16] [--queries 40] [--val-size 20] [--rows 100000] [--profile]
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
import { startAttribution, type Attribution } from './cpuAttribution';

/** The repository: one level up from scripts/, two from the bundle in out/bench/. */
const ROOT = existsSync(resolve(__dirname, '..', 'package.json')) ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');
const PROMPT = 'Write the opposite of the given word.';

interface Settings {
  readonly latency: number;
  readonly concurrency: number;
  readonly queries: number;
  readonly valSize: number;
  readonly rows: number;
  /** Sample the main thread and attribute its busy time (slows the run a little). */
  readonly profile: boolean;
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

interface PhaseCost {
  readonly phase: string;
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface Measured {
  readonly phases: readonly PhaseCost[];
  readonly totalWallMs: number;
  readonly evalWallMs: number;
  readonly evalCpuMs: number;
  readonly totalCpuMs: number;
  readonly peakHeapMb: number;
  readonly evaluationCalls: number;
  readonly queries: number;
  readonly attribution?: Attribution;
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
  const phases: PhaseCost[] = [];
  let phaseStart: { phase: string; wall: number; cpu: NodeJS.CpuUsage } = { phase: 'start-up', wall: performance.now(), cpu: process.cpuUsage() };
  const endPhase = (next: string): void => {
    const cpu = process.cpuUsage(phaseStart.cpu);
    phases.push({ phase: phaseStart.phase, wallMs: performance.now() - phaseStart.wall, cpuMs: (cpu.user + cpu.system) / 1000 });
    phaseStart = { phase: next, wall: performance.now(), cpu: process.cpuUsage() };
  };
  const onEvent = (e: RunEvent): void => {
    if (e.type === 'phase' && e.phase !== phaseStart.phase) endPhase(e.phase);
    if (e.type === 'phase' && e.phase === 'searching' && evalStart === undefined) evalStart = [performance.now(), process.cpuUsage()];
    if (e.type === 'phase' && e.phase === 'testing') evalEnd = [performance.now(), process.cpuUsage()];
    if (e.type === 'evaluationFinished') evaluationCalls += e.examples;
  };
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  const stopProfile = settings.profile ? await startAttribution(__filename) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runOptimization(config, { runDir, onEvent });
  const attribution = await stopProfile?.();
  endPhase('');
  const totalWallMs = performance.now() - t0;
  const totalCpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  if (evalStart === undefined || evalEnd === undefined) throw new Error('the run did not reach its test phase');
  const evalCpu = process.cpuUsage(evalStart[1]);
  const endCpu = process.cpuUsage(evalEnd[1]);
  return {
    phases,
    totalWallMs,
    evalWallMs: evalEnd[0] - evalStart[0],
    evalCpuMs: (evalCpu.user + evalCpu.system - endCpu.user - endCpu.system) / 1000,
    totalCpuMs: (totalCpu.user + totalCpu.system) / 1000,
    peakHeapMb: peakHeap / 2 ** 20,
    evaluationCalls,
    queries: result.queries,
    ...(attribution === undefined ? {} : { attribution }),
  };
}

/** `rows` antonym-like rows; distinct inputs so the dataset has no duplicate warnings. */
function bigDatasetText(rows: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(JSON.stringify({ input: `word${i}x${(i * 7919) % 1000}`, output: `unword${i}` }));
  return lines.join('\n') + '\n';
}

/** The workloads' files, written by the parent so that none of that memory is the run's. */
function writeWorkloadFiles(dir: string, rows: number): void {
  writeFileSync(join(dir, 'big.jsonl'), bigDatasetText(rows));
  writeFileSync(join(dir, 'big-served.jsonl'), bigDatasetText(Math.min(rows, 2000)));
  const data = readFileSync(join(ROOT, 'examples/antonyms/data/antonyms.jsonl'), 'utf8');
  writeFileSync(join(dir, 'antonyms-served.jsonl'), data + readFileSync(join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl'), 'utf8'));
}

function report(label: string, s: Settings, m: Measured): void {
  const ideal = (m.evaluationCalls * s.latency) / s.concurrency;
  const mb = (n: number): string => n.toFixed(1);
  console.log(`\n${label}`);
  console.log(`  queries ${m.queries}, evaluation calls ${m.evaluationCalls}`);
  console.log(`  evaluation phase: ${(m.evalWallMs / 1000).toFixed(2)} s wall vs ideal ${(ideal / 1000).toFixed(2)} s (${m.evaluationCalls} x ${s.latency} ms / ${s.concurrency}): ${((m.evalWallMs / ideal - 1) * 100).toFixed(1)}% over`);
  console.log(`  pipeline CPU in the evaluation phase: ${(m.evalCpuMs / 1000).toFixed(2)} s = ${((m.evalCpuMs / m.evalWallMs) * 100).toFixed(1)}% of its wall time`);
  console.log(`  pipeline CPU over the whole run: ${(m.totalCpuMs / 1000).toFixed(2)} s of ${(m.totalWallMs / 1000).toFixed(2)} s = ${((m.totalCpuMs / m.totalWallMs) * 100).toFixed(1)}%`);
  console.log(`  peak heap ${mb(m.peakHeapMb)} MB, peak RSS ${mb(process.resourceUsage().maxRSS / 1024)} MB`);
  console.log('  by phase (wall s / CPU s / CPU share):');
  for (const p of m.phases) console.log(`    ${p.phase.padEnd(13)} ${(p.wallMs / 1000).toFixed(2).padStart(6)} ${(p.cpuMs / 1000).toFixed(2).padStart(6)} ${((p.cpuMs / p.wallMs) * 100).toFixed(1).padStart(5)}%`);
  if (m.attribution !== undefined) {
    // The sampled shares applied to the whole process's CPU time (this run's, slowed by the
    // profiler: an upper bound), as a share of the run's wall time.
    const busy = [...m.attribution.values()].reduce((sum, ms) => sum + ms, 0);
    console.log('  main-thread samples by code (every 1 ms): sampled s / share of the samples / that share of the process CPU, as a share of the run');
    for (const [owner, ms] of [...m.attribution].sort((a, b) => b[1] - a[1])) {
      const share = ms / busy;
      console.log(`    ${owner.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} ${(share * 100).toFixed(1).padStart(5)}% ${((share * m.totalCpuMs * 100) / m.totalWallMs).toFixed(1).padStart(5)}%`);
    }
  }
}

type Workload = 'big' | 'antonyms';

/** One workload in this process, which the parent started fresh for it, on the files in `dir`. */
async function runWorkload(s: Settings, workload: Workload, dir: string): Promise<void> {
  const big = workload === 'big';
  const sandbox = await startChildSandbox(join(dir, big ? 'big-served.jsonl' : 'antonyms-served.jsonl'), s.latency);
  try {
    const data = big ? join(dir, 'big.jsonl') : join(ROOT, 'examples/antonyms/data/antonyms.jsonl');
    const test = big ? undefined : join(ROOT, 'examples/antonyms/data/antonyms.test.jsonl');
    const label = big ? `${s.rows.toLocaleString('en')}-row dataset` : 'antonyms (300 rows, 100 test)';
    report(label, s, await measureRun(s, data, test, sandbox.baseUrl, join(dir, `run-${workload}`)));
  } finally {
    sandbox.child.kill('SIGTERM');
  }
}

/** Each workload in a fresh process, so that its peak RSS and its cold start are its own. */
async function bench(args: readonly string[], rows: number): Promise<void> {
  console.log(`node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'zopo-bench-'));
  try {
    writeWorkloadFiles(dir, rows);
    for (const workload of ['big', 'antonyms'] as const) {
      const child = spawn(process.execPath, [...process.execArgv, __filename, ...args, '--workload', workload, '--dir', dir], { stdio: 'inherit' });
      const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
      if (code !== 0) throw new Error(`the ${workload} workload exited with ${code}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      serve: { type: 'string' }, latency: { type: 'string' }, concurrency: { type: 'string' },
      queries: { type: 'string' }, 'val-size': { type: 'string' }, rows: { type: 'string' }, workload: { type: 'string' }, dir: { type: 'string' }, profile: { type: 'boolean' },
    },
  });
  const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
  if (values.serve !== undefined) {
    void serve(values.serve, num(values.latency, 200));
    return;
  }
  const settings: Settings = {
    latency: num(values.latency, 200), concurrency: num(values.concurrency, 16), queries: num(values.queries, 40),
    valSize: num(values['val-size'], 20), rows: num(values.rows, 100_000), profile: values.profile === true,
  };
  const { workload, dir } = values;
  if (workload !== undefined && ((workload !== 'big' && workload !== 'antonyms') || dir === undefined)) throw new Error('--workload is big or antonyms, with --dir');
  (workload === undefined || dir === undefined ? bench(process.argv.slice(2), settings.rows) : runWorkload(settings, workload, dir)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

main();
