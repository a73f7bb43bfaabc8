/**
 * Benchmark (not a test): how long the optimization panel takes to apply one batch of run
 * events — fold them into its model and re-render — as a run grows to 10,000 evaluations.
 * Loads the production webview bundle in headless Chromium with a stand-in for the VS Code
 * webview API, and times each batch's message handling, the animation frame it schedules and
 * the style/layout pass that follows (painting is not included).
 *
 *   npx tsx scripts/bench-panel.ts [--evaluations 10000] [--batch 100] [--pool 2000]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/harness/browser';
import type { RunEvent } from '../src/core/pipeline/runEvents';
import type { PanelView } from '../src/shared/protocol';

const { values } = parseArgs({
  options: { evaluations: { type: 'string', default: '10000' }, batch: { type: 'string', default: '100' }, pool: { type: 'string', default: '2000' }, 'pace-ms': { type: 'string', default: '100' } },
});
/** Batches arrive as the host sends them: one every 100 ms at most. */
const paceMs = Number(values['pace-ms']);
const evaluations = Number(values.evaluations);
const batchSize = Number(values.batch);
const poolSize = Number(values.pool);
const root = path.resolve(__dirname, '..');

function events(): RunEvent[][] {
  const candidates = Array.from({ length: poolSize }, (_, id) => ({ id, text: `Candidate prompt number ${id} with some words`, origin: id ? 'induction' : 'original', xy: [Math.cos(id), Math.sin(id * 1.3)] as [number, number] }));
  const batches: RunEvent[][] = [[{ type: 'phase', phase: 'searching' }, { type: 'candidates', candidates }]];
  for (let q = 1; q <= evaluations; q += batchSize) {
    const batch: RunEvent[] = [];
    for (let i = q; i < q + batchSize && i <= evaluations; i++) {
      batch.push({ type: 'evaluationFinished', candidateId: (i * 7919) % poolSize, queries: i, budget: evaluations, score: ((i * 37) % 100) / 100, examples: 20, failedExamples: i % 3, reason: 'gradient' });
    }
    batch.push({ type: 'usage', usage: { requests: q * 20, promptTokens: q * 900, completionTokens: q * 40, costUsd: q * 0.0001, cacheHits: 0, failures: 0 } });
    batches.push(batch);
  }
  return batches;
}

const view: PanelView = {
  title: 'ZOPO: bench', status: 'running', simulated: true, prompt: { source: 'bench.prompt:1', text: 'Write the opposite of the word.' },
  dataset: { source: 'data.jsonl', rows: 300, fields: ['input', 'output'] },
  settings: { provider: 'sandbox', model: 'sandbox', budget: evaluations, validationSize: 20, concurrency: 16 }, message: undefined,
};

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'ignore' });
  const script = readFileSync(path.join(root, 'dist', 'webview.js'), 'utf8');
  const css = readFileSync(path.join(root, 'dist', 'webview.css'), 'utf8') + readFileSync(path.join(root, 'media', 'panel.css'), 'utf8');
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><main id="app"></main></body></html>`);
  // A stand-in for the webview API, and animation frames run on demand so each batch is timed
  // whole. Page code is passed as text: the TypeScript runner's helpers do not exist in the page.
  await page.evaluate(`
    window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
    const frames = [];
    window.requestAnimationFrame = (cb) => frames.push(cb);
    window.__flushFrames = () => { for (const cb of frames.splice(0)) cb(performance.now()); };
  `);
  await page.addScriptTag({ content: script });
  const times = await page.evaluate<number[]>(`(async () => {
    const input = ${JSON.stringify({ view, batches: events() })};
    const post = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
    post({ type: 'view', view: input.view });
    window.__flushFrames();
    const ms = [];
    for (const [i, events] of input.batches.entries()) {
      await new Promise((r) => setTimeout(r, ${paceMs}));
      const t0 = performance.now();
      post({ type: 'events', reset: i === 0, events });
      window.__flushFrames();
      void document.body.offsetHeight; // style and layout included, as the browser would do next
      ms.push(performance.now() - t0);
    }
    return ms;
  })()`);
  await browser.close();
  const stats = (xs: number[]): string => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1);
    return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
  };
  console.log(`panel: ${evaluations} evaluations in ${times.length} batches of ${batchSize}, one every ${paceMs} ms; pool of ${poolSize} candidates`);
  console.log(`apply + render + layout per batch, all batches: ${stats(times)}`);
  console.log(`the last 20 batches (${evaluations - 20 * batchSize}..${evaluations} evaluations): ${stats(times.slice(-20))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
