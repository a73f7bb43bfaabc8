/**
 * The pool map: every candidate at its 2-D PCA position; evaluated ones coloured by score
 * (red → green), the search path drawn in evaluation order, the portfolio ringed.
 */
import type { RunModel } from '../runModel';
import { meanScore } from '../runModel';
import { themeColor } from '../dom';

export function drawPoolMap(canvas: HTMLCanvasElement, m: RunModel): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(280, canvas.clientWidth);
  const height = 260;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, height);
  const rows = m.candidates.filter((r) => r !== undefined);
  if (rows.length === 0) return;
  const project = projector(rows.map((r) => r.xy), width, height, 12);
  // One path per colour: thousands of dots cost a handful of fills, not one fill each.
  ctx.fillStyle = themeColor('--vscode-disabledForeground', 'rgba(128,128,128,0.6)');
  fillDots(ctx, rows.filter((r) => r.evaluations === 0).map((r) => project(r.xy)), 2);
  drawPath(ctx, m, project);
  const buckets = new Map<number, [number, number][]>();
  for (const r of rows) {
    const score = meanScore(r);
    if (score === undefined) continue;
    const bucket = Math.round(Math.min(1, Math.max(0, score)) * scoreBuckets);
    const list = buckets.get(bucket) ?? [];
    list.push(project(r.xy));
    buckets.set(bucket, list);
  }
  for (const [bucket, points] of buckets) {
    ctx.fillStyle = scoreColor(bucket / scoreBuckets);
    fillDots(ctx, points, 4.5);
  }
  ctx.strokeStyle = themeColor('--vscode-focusBorder', '#007fd4');
  ctx.lineWidth = 2;
  for (const item of m.portfolio) {
    const r = m.candidates[item.candidateId];
    if (!r) continue;
    const [x, y] = project(r.xy);
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, Math.PI * 2);
    ctx.stroke();
  }
}

type Project = (xy: readonly [number, number]) => [number, number];

function projector(points: (readonly [number, number])[], width: number, height: number, pad: number): Project {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const sx = (width - 2 * pad) / (maxX - minX || 1);
  const sy = (height - 2 * pad) / (maxY - minY || 1);
  return ([x, y]) => [pad + (x - minX) * sx, height - pad - (y - minY) * sy];
}

function drawPath(ctx: CanvasRenderingContext2D, m: RunModel, project: Project): void {
  ctx.strokeStyle = themeColor('--vscode-descriptionForeground', 'rgba(128,128,128,0.7)');
  ctx.globalAlpha = 0.5;
  ctx.lineWidth = 1;
  ctx.beginPath();
  let started = false;
  for (const id of m.path) {
    const r = m.candidates[id];
    if (!r) continue;
    const [x, y] = project(r.xy);
    if (started) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    started = true;
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Colours on the map: scores are shown in steps of 1/20. */
const scoreBuckets = 20;

function fillDots(ctx: CanvasRenderingContext2D, points: readonly [number, number][], radius: number): void {
  ctx.beginPath();
  for (const [x, y] of points) {
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, Math.PI * 2);
  }
  ctx.fill();
}

/** Red (0) through amber to green (1). */
export function scoreColor(score: number): string {
  const s = Math.min(1, Math.max(0, score));
  return `hsl(${Math.round(s * 120)}, 70%, 48%)`;
}
