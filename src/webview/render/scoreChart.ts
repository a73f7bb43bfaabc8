/** The live chart: every evaluation's score (points) and the best so far (a stepped line) against queries. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RunModel } from '../runModel';
import { themeColor } from '../dom';

function stepped(): Pick<uPlot.Series, 'paths'> {
  const builder = uPlot.paths.stepped?.({ align: 1 });
  return builder ? { paths: builder } : {};
}

export class ScoreChart {
  private plot: uPlot | undefined;
  private width = 0;

  constructor(private readonly host: HTMLElement) {}

  /** Reading the host's width forces a layout, so it is read only on the first update and after a resize. */
  private measured = false;

  resized(): void {
    this.measured = false;
  }

  update(m: RunModel): void {
    const xs = m.trace.map((p) => p.query);
    const data: uPlot.AlignedData = [xs, m.trace.map((p) => p.score), m.trace.map((p) => p.best)];
    const width = this.measured ? this.width : Math.max(280, this.host.clientWidth);
    this.measured = true;
    if (!this.plot || width !== this.width) {
      this.plot?.destroy();
      this.width = width;
      this.plot = new uPlot(this.options(width), data, this.host);
      return;
    }
    this.plot.setData(data);
  }

  private options(width: number): uPlot.Options {
    const fg = themeColor('--vscode-foreground', '#888');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.2)');
    const accent = themeColor('--vscode-charts-blue', '#3794ff');
    const best = themeColor('--vscode-charts-green', '#89d185');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    return {
      width,
      height: 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ ...axis, label: 'queries' }, { ...axis, label: 'score' }],
      series: [
        { label: 'query' },
        { label: 'evaluation', stroke: accent, width: 0, points: { show: true, size: 5, fill: accent }, paths: () => null },
        { label: 'best so far', stroke: best, width: 2, ...stepped(), points: { show: false } },
      ],
    };
  }
}
