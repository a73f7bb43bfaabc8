import type { PanelView, WebviewMessage } from '../../shared/protocol';
import { button, el } from '../dom';

/** The run's set-up: prompt, dataset and settings. */
export function renderSetup(view: PanelView, post: (m: WebviewMessage) => void): HTMLElement {
  const s = view.settings;
  const d = view.dataset;
  const datasetText = d
    ? `${d.source}${d.rows === null ? '' : ` — ${d.rows} rows`}${d.fields.length ? ` (fields: ${d.fields.join(', ')})` : ''}`
    : 'No dataset chosen yet.';
  const dl = el('dl');
  const rows: [string, string][] = [
    ['Provider', s.provider],
    ['Model', s.model],
    ['Budget', `${s.budget} queries`],
    ['Validation size', `${s.validationSize} examples per query`],
    ['Concurrency', String(s.concurrency)],
    ...(s.metricLabel === undefined ? [] : [['Metric', s.metricLabel] as [string, string]]),
    ...(s.generatorModel === undefined ? [] : [['Writer model', s.generatorModel] as [string, string]]),
  ];
  for (const [k, v] of rows) {
    dl.append(el('dt', { text: k }), el('dd', { text: v }));
  }
  return el(
    'details',
    { className: 'setup' },
    el('summary', { text: 'Set-up' }),
    el('h2', { text: 'Prompt' }),
    el('p', { className: 'source', text: view.prompt.source }),
    el('pre', { className: 'prompt', text: view.prompt.text }),
    button('Copy prompt', () => post({ type: 'copyPrompt' }), undefined, true),
    el('h2', { text: 'Dataset' }),
    el('p', { text: datasetText }),
    el('h2', { text: 'Settings' }),
    dl,
    button('Change metric…', () => post({ type: 'chooseMetric' }), 'Choose how the next runs score outputs (e.g. the LLM judge for free-text answers)', true),
  );
}
