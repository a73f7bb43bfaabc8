/** The sortable table of evaluated candidates; a row's "Examples" button asks the host for per-example results. */
import type { ExampleResult } from '../../core/pipeline/runEvents';
import type { WebviewMessage } from '../../shared/protocol';
import { button, el, fmtScore } from '../dom';
import { evaluatedRows, meanScore, type RunModel, type SortKey } from '../runModel';

/** Rows shown at most: a run of 10,000 evaluations keeps the DOM small. */
const rowLimit = 50;

export interface TableState {
  key: SortKey;
  descending: boolean;
  openDetails: number | undefined;
  details: Map<number, readonly ExampleResult[]>;
}

export function renderCandidateTable(m: RunModel, state: TableState, post: (msg: WebviewMessage) => void, rerender: () => void): HTMLElement {
  const header = el('tr');
  const columns: [string, SortKey | undefined][] = [['#', 'id'], ['Prompt', undefined], ['Score', 'score'], ['Examples', 'examples'], ['Failed', 'failed'], ['', undefined]];
  for (const [label, key] of columns) {
    const th = el('th', { text: label + (key && key === state.key ? (state.descending ? ' ▼' : ' ▲') : '') });
    if (key) {
      th.classList.add('sortable');
      th.addEventListener('click', () => {
        state.descending = state.key === key ? !state.descending : true;
        state.key = key;
        rerender();
      });
    }
    header.append(th);
  }
  const body = el('tbody');
  for (const row of evaluatedRows(m, state.key, state.descending, rowLimit)) {
    body.append(
      el(
        'tr',
        { className: row.origin === 'original' ? 'original' : '' },
        el('td', { text: String(row.id) }),
        el('td', { className: 'prompt-cell', text: row.text, title: row.text }),
        el('td', { text: fmtScore(meanScore(row)) }),
        el('td', { text: String(row.examples) }),
        el('td', { text: String(row.failedExamples) }),
        el('td', {}, button('Examples', () => toggleDetails(row.id, state, post, rerender), 'Show per-example outputs', true)),
      ),
    );
    if (state.openDetails === row.id) body.append(detailsRow(state.details.get(row.id)));
  }
  return el('table', { className: 'candidates' }, el('thead', {}, header), body);
}

function toggleDetails(id: number, state: TableState, post: (msg: WebviewMessage) => void, rerender: () => void): void {
  state.openDetails = state.openDetails === id ? undefined : id;
  if (state.openDetails !== undefined && !state.details.has(id)) post({ type: 'candidate', action: 'details', candidateId: id });
  rerender();
}

function detailsRow(results: readonly ExampleResult[] | undefined): HTMLElement {
  const cell = el('td');
  cell.colSpan = 6;
  if (!results) {
    cell.append(el('p', { text: 'Loading…' }));
  } else {
    const failures = results.filter((r) => r.score < 1);
    cell.append(el('p', { text: `${results.length - failures.length} of ${results.length} examples fully correct.` }));
    const list = el('ul', { className: 'failures' });
    for (const r of failures.slice(0, 50)) {
      list.append(el('li', {}, el('code', { text: r.output || '(no output)' }), ` — expected `, el('code', { text: r.expected }), r.failed ? ' (call failed)' : ''));
    }
    cell.append(list);
  }
  return el('tr', { className: 'details' }, cell);
}
