/**
 * The pool map: every candidate at its 2-D PCA position; evaluated ones coloured by score
 * (red → green), the search path drawn in evaluation order, the portfolio ringed.
 *
 * The unevaluated dots and the path only ever grow while a run streams in, so they live on an
 * offscreen layer that is drawn once and then extended by the new path segments; a redraw
 * copies that layer and paints the scored dots (a fill per score colour) and the rings on top.
 */
import type { CandidateRow, RunModel } from '../runModel';
import { meanScore } from '../runModel';
import { themeColor } from '../dom';

type Point = [number, number];
type Project = (xy: readonly [number, number]) => Point;

const height = 260;
const pad = 12;
/** Colours on the map: scores are shown in steps of 1/20. */
const scoreBuckets = 20;

interface Colours {
  readonly pool: string;
  readonly path: string;
  readonly ring: string;
}

/** What the offscreen layer was drawn for; any change redraws it from scratch. */
interface Layer {
  readonly key: string;
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  readonly project: Project;
  /** Path points already drawn on it. */
  pathDrawn: number;
}

export class PoolMap {
  private layer: Layer | undefined;
  private colours: Colours | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** The theme changed, or a new run began: colours are read again and the layer redrawn. */
  invalidate(): void {
    this.colours = undefined;
    this.layer = undefined;
  }

  draw(m: RunModel): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(280, this.canvas.clientWidth);
    // Resizing a canvas reallocates and clears it: done only when the size changes.
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const rows = m.candidates.filter((r) => r !== undefined);
    if (rows.length === 0) return;
    const colours = (this.colours ??= readColours());
    const layer = this.background(m, rows, width, ratio, colours);
    if (!layer) return;
    ctx.drawImage(layer.canvas, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const buckets = new Map<number, Point[]>();
    for (const r of rows) {
      const score = meanScore(r);
      if (score === undefined) continue;
      const bucket = Math.round(Math.min(1, Math.max(0, score)) * scoreBuckets);
      const list = buckets.get(bucket) ?? [];
      list.push(layer.project(r.xy));
      buckets.set(bucket, list);
    }
    for (const [bucket, points] of buckets) {
      ctx.fillStyle = scoreColor(bucket / scoreBuckets);
      fillDots(ctx, points, 4.5);
    }
    ctx.strokeStyle = colours.ring;
    ctx.lineWidth = 2;
    for (const item of m.portfolio) {
      const r = m.candidates[item.candidateId];
      if (!r) continue;
      const [x, y] = layer.project(r.xy);
      ctx.beginPath();
      ctx.arc(x, y, 8, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  /** The layer with every candidate's dot and the path so far, extended or redrawn as needed. */
  private background(m: RunModel, rows: readonly CandidateRow[], width: number, ratio: number, colours: Colours): Layer | undefined {
    const key = `${width}x${height}@${ratio}|${rows.length}`;
    if (this.layer?.key !== key || m.path.length < this.layer.pathDrawn) {
      const canvas = document.createElement('canvas');
      canvas.width = this.canvas.width;
      canvas.height = this.canvas.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return undefined;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const project = projector(rows.map((r) => r.xy), width);
      ctx.fillStyle = colours.pool;
      fillDots(ctx, rows.map((r) => project(r.xy)), 2);
      this.layer = { key, canvas, ctx, project, pathDrawn: 0 };
    }
    const layer = this.layer;
    if (m.path.length > layer.pathDrawn) {
      // From the last point drawn, so the new segments join the old ones.
      drawPath(layer.ctx, m, layer.project, Math.max(0, layer.pathDrawn - 1), colours.path);
      layer.pathDrawn = m.path.length;
    }
    return layer;
  }
}

function readColours(): Colours {
  return {
    pool: themeColor('--vscode-disabledForeground', 'rgba(128,128,128,0.6)'),
    path: themeColor('--vscode-descriptionForeground', 'rgba(128,128,128,0.7)'),
    ring: themeColor('--vscode-focusBorder', '#007fd4'),
  };
}

function projector(points: (readonly [number, number])[], width: number): Project {
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

function drawPath(ctx: CanvasRenderingContext2D, m: RunModel, project: Project, from: number, colour: string): void {
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.5;
  ctx.lineWidth = 1;
  ctx.beginPath();
  let started = false;
  for (let i = from; i < m.path.length; i++) {
    const r = m.candidates[m.path[i] as number];
    if (!r) continue;
    const [x, y] = project(r.xy);
    if (started) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    started = true;
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function fillDots(ctx: CanvasRenderingContext2D, points: readonly Point[], radius: number): void {
  ctx.beginPath();
  for (const [x, y] of points) {
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, Math.PI * 2);
  }
  ctx.fill();
}

/** Red (0) through amber to green (1). */
function scoreColor(score: number): string {
  const s = Math.min(1, Math.max(0, score));
  return `hsl(${Math.round(s * 120)}, 70%, 48%)`;
}
