/**
 * The optimization panel's script (browser bundle). Renders the view the host sends, keeps it
 * in webview state so a reload restores it, and validates every message it receives.
 */
import { isHostMessage, isPanelView, type PanelView, type WebviewMessage } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');

function render(view: PanelView): void {
  if (!app) return;
  app.replaceChildren(
    header(view),
    section('Prompt', promptBlock(view)),
    section('Dataset', text('p', view.dataset ? datasetLine(view) : 'No dataset chosen yet.')),
    section('Settings', settingsList(view)),
  );
  if (view.message) app.append(text('p', view.message, 'message'));
}

function header(view: PanelView): HTMLElement {
  const el = document.createElement('header');
  el.append(text('h1', view.title));
  el.append(text('span', view.status, `status status-${view.status}`));
  if (view.simulated) el.append(text('span', 'simulated', 'badge-simulated'));
  return el;
}

function promptBlock(view: PanelView): HTMLElement {
  const wrap = document.createElement('div');
  wrap.append(text('p', view.prompt.source, 'source'));
  wrap.append(text('pre', view.prompt.text, 'prompt'));
  const copy = document.createElement('button');
  copy.textContent = 'Copy prompt';
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyPrompt' }));
  wrap.append(copy);
  return wrap;
}

function datasetLine(view: PanelView): string {
  const d = view.dataset;
  if (!d) return '';
  const rows = d.rows === null ? '' : ` — ${d.rows} rows`;
  const fields = d.fields.length ? ` (fields: ${d.fields.join(', ')})` : '';
  return `${d.source}${rows}${fields}`;
}

function settingsList(view: PanelView): HTMLElement {
  const s = view.settings;
  const dl = document.createElement('dl');
  const rows: [string, string][] = [
    ['Provider', s.provider],
    ['Model', s.model],
    ['Budget', `${s.budget} queries`],
    ['Validation size', `${s.validationSize} examples per query`],
    ['Concurrency', String(s.concurrency)],
  ];
  for (const [k, v] of rows) dl.append(text('dt', k), text('dd', v));
  return dl;
}

function section(title: string, body: HTMLElement): HTMLElement {
  const el = document.createElement('section');
  el.append(text('h2', title), body);
  return el;
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, content: string, className?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostMessage(event.data)) return;
  vscode.setState(event.data.view);
  render(event.data.view);
});

const saved = vscode.getState();
if (isPanelView(saved)) render(saved);
vscode.postMessage({ type: 'ready' });
