/**
 * Benchmark (not a test): how long the optimization panel takes to apply one batch of run
 * events — fold them into its model and re-render — as a run grows to 10,000 evaluations.
 * Loads the production webview bundle in headless Chromium with a stand-in for the VS Code
 * webview API, and times each batch's message handling plus the animation frame it schedules.
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

const { values } = parseArgs({ options: { evaluations: { type: 'string', default: '10000' }, batch: { type: 'string', default: '100' }, pool: { type: 'string', default: '2000' } } });
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
  const times = await page.evaluate<number[]>(`(() => {
    const input = ${JSON.stringify({ view, batches: events() })};
    const post = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
    post({ type: 'view', view: input.view });
    window.__flushFrames();
    return input.batches.map((events, i) => {
      const t0 = performance.now();
      post({ type: 'events', reset: i === 0, events });
      window.__flushFrames();
      return performance.now() - t0;
    });
  })()`);
  await browser.close();
  const tail = times.slice(-10).sort((a, b) => a - b);
  const all = [...times].sort((a, b) => a - b);
  console.log(`panel: ${evaluations} evaluations in batches of ${batchSize}, pool of ${poolSize} candidates`);
  console.log(`apply + render per batch: median ${all[Math.floor(all.length / 2)]?.toFixed(1)} ms, max ${all[all.length - 1]?.toFixed(1)} ms; last 10 batches (at ~${evaluations} evaluations): median ${tail[5]?.toFixed(1)} ms, max ${tail[9]?.toFixed(1)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
