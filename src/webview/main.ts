/**
 * The optimization panel's script (browser bundle). Folds the host's run events into a model,
 * renders it at most once per animation frame, keeps a snapshot in webview state so a reload
 * restores it, and validates every message it receives.
 */
import { isHostMessage, isPanelView, type HostMessage, type PanelView, type WebviewMessage } from '../shared/protocol';
import { button, el } from './dom';
import { CandidateTable } from './render/candidateTable';
import { PoolMap } from './render/poolMap';
import { renderPortfolio } from './render/portfolioSection';
import { ProgressSection } from './render/progressSection';
import { ScoreChart } from './render/scoreChart';
import { renderSetup } from './render/setupSection';
import { applyEvents, emptyModel, isRunModel, restoreModel, type RunModel } from './runModel';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  readonly view: PanelView;
  readonly model: RunModel;
}

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage): void => vscode.postMessage(m);
const app = document.getElementById('app') ?? document.body;

let view: PanelView | undefined;
let model: RunModel = emptyModel();

const header = el('header');
const setup = el('div');
const progress = new ProgressSection();
const chartHost = el('div', { className: 'chart' });
const poolMap = new PoolMap(el('canvas', { className: 'pool-map' }));
const portfolio = el('div');
const table = new CandidateTable(post, () => table.update(model));
const warnings = el('div');
const runArea = el(
  'div',
  { className: 'run' },
  progress.element,
  el('section', {}, el('h2', { text: 'Scores' }), chartHost),
  el('section', {}, el('h2', { text: 'Candidate pool (PCA of embeddings; coloured by score, path in order of evaluation)' }), poolMap.canvas),
  portfolio,
  el('section', {}, el('h2', { text: 'Evaluated candidates' }), el('div', { className: 'table-wrap' }, table.element)),
  warnings,
);
app.append(header, setup, runArea);
const chart = new ScoreChart(chartHost);

let frame: number | undefined;
let saveTimer: number | undefined;
let setupFor: PanelView | undefined;
let renderedPortfolio: string | undefined;
let renderedHeader: string | undefined;
let renderedWarnings: string | undefined;
/** The table and the map are the costly parts: while a run streams in they redraw at most this often. */
const heavyEveryMs = 250;
let heavyAt = -Infinity;

function scheduleRender(): void {
  frame ??= requestAnimationFrame(() => {
    frame = undefined;
    render();
  });
  saveTimer ??= window.setTimeout(() => {
    saveTimer = undefined;
    if (view) vscode.setState({ view, model } satisfies SavedState);
  }, 500);
}

function render(): void {
  if (!view) return;
  const running = model.outcome === 'running' && view.status === 'running';
  // Parts are rebuilt only when they change: a frame while a run streams in touches a few
  // text nodes, and a button is never swapped out from under the pointer.
  const headerKey = `${view.title}|${view.status}|${view.simulated}|${running}`;
  if (headerKey !== renderedHeader) {
    renderedHeader = headerKey;
    header.replaceChildren(
      el('h1', { text: view.title }),
      el('span', { className: `status status-${view.status}`, text: view.status }),
      ...(view.simulated ? [el('span', { className: 'badge-simulated', text: 'simulated', title: 'Results come from the offline sandbox model, not a real LLM.' })] : []),
      ...(running ? [button('Cancel run', () => post({ type: 'cancel' }))] : []),
    );
  }
  if (setupFor !== view) {
    setupFor = view;
    setup.replaceChildren(renderSetup(view, post));
    if (view.message) setup.append(el('p', { className: 'message', text: view.message }));
  }
  runArea.hidden = view.status === 'setup';
  if (runArea.hidden) return;
  progress.update(model);
  chart.update(model);
  const portfolioKey = `${model.outcome}|${model.portfolio.map((p) => `${p.candidateId}:${p.score}:${p.testScore ?? ''}:${p.test?.verdict ?? ''}`).join(',')}`;
  if (portfolioKey !== renderedPortfolio) {
    renderedPortfolio = portfolioKey;
    portfolio.replaceChildren(renderPortfolio(model, post));
  }
  const shownWarnings = model.warnings.slice(-5);
  const warningsKey = `${model.warnings.length}|${shownWarnings.join('\n')}`;
  if (warningsKey !== renderedWarnings) {
    renderedWarnings = warningsKey;
    warnings.replaceChildren(...shownWarnings.map((w) => el('p', { className: 'warning', text: w })));
  }
  const now = performance.now();
  if (model.outcome !== 'running' || now - heavyAt >= heavyEveryMs) {
    heavyAt = now;
    poolMap.draw(model);
    table.update(model);
  } else {
    scheduleLater();
  }
}

let lateTimer: number | undefined;
/** Makes sure throttled parts catch up once events stop arriving. */
function scheduleLater(): void {
  if (lateTimer !== undefined) window.clearTimeout(lateTimer);
  lateTimer = window.setTimeout(() => {
    lateTimer = undefined;
    heavyAt = -Infinity;
    scheduleRender();
  }, heavyEveryMs);
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'view':
      view = message.view;
      break;
    case 'events':
      if (message.reset) {
        model = emptyModel();
        table.clear();
        poolMap.invalidate();
      }
      applyEvents(model, message.events, Date.now());
      break;
    case 'details':
      table.showDetails(message.candidateId, message.results);
      break;
  }
  scheduleRender();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) receive(event.data);
});
window.addEventListener('resize', () => {
  chart.resized();
  scheduleRender();
});
// VS Code restyles the page on a theme change (body class, CSS variables on <html>).
const themeWatch = new MutationObserver(() => {
  poolMap.invalidate();
  heavyAt = -Infinity;
  scheduleRender();
});
themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

const saved = vscode.getState() as Partial<SavedState> | undefined;
if (saved && isPanelView(saved.view) && isRunModel(saved.model)) {
  view = saved.view;
  model = restoreModel(saved.model);
  render();
}
post({ type: 'ready' });
