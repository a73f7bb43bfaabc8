/**
 * The sortable table of evaluated candidates; a row's "Examples" button asks the host for
 * per-example results. Rows are kept by candidate id and patched in place, so a redraw while
 * a run streams in changes a few text nodes and moves a few rows instead of rebuilding 50
 * rows of buttons (the costly part of a frame at 10,000 evaluations).
 */
import type { ExampleResult } from '../../core/pipeline/runEvents';
import type { WebviewMessage } from '../../shared/protocol';
import { el, fmtScore, setText } from '../dom';
import { evaluatedRows, meanScore, type CandidateRow, type RunModel, type SortKey } from '../runModel';

/** Rows shown at most: a run of 10,000 evaluations keeps the DOM small. */
const rowLimit = 50;

/** The sort and the open row: the table's own, kept while it lives. */
interface TableState {
  key: SortKey;
  descending: boolean;
  openDetails: number | undefined;
  details: Map<number, readonly ExampleResult[]>;
}

interface RowView {
  readonly tr: HTMLTableRowElement;
  readonly score: HTMLTableCellElement;
  readonly examples: HTMLTableCellElement;
  readonly failed: HTMLTableCellElement;
}

const columns: readonly [string, SortKey | undefined][] = [['#', 'id'], ['Prompt', undefined], ['Score', 'score'], ['Examples', 'examples'], ['Failed', 'failed'], ['', undefined]];

export class CandidateTable {
  readonly element: HTMLTableElement;
  private readonly head = el('tr');
  private readonly body = el('tbody');
  private readonly rows = new Map<number, RowView>();
  private headKey = '';
  private details: { key: string; tr: HTMLTableRowElement } | undefined;
  /** Best score first until the user sorts otherwise. */
  private readonly state: TableState = { key: 'score', descending: true, openDetails: undefined, details: new Map() };

  constructor(
    private readonly post: (msg: WebviewMessage) => void,
    /** Called when the user changes the sort or opens a row: the owner redraws. */
    private readonly changed: () => void,
  ) {
    this.element = el('table', { className: 'candidates' }, el('thead', {}, this.head), this.body);
  }

  /** Keeps the per-example results the host sent for candidate `id`. */
  showDetails(id: number, results: readonly ExampleResult[]): void {
    this.state.details.set(id, results);
  }

  /** Forgets every row and the per-example results fetched (a new run). */
  clear(): void {
    this.state.details.clear();
    this.rows.clear();
    this.details = undefined;
    this.body.replaceChildren();
  }

  update(m: RunModel): void {
    this.renderHead();
    const shown = evaluatedRows(m, this.state.key, this.state.descending, rowLimit);
    const wanted: HTMLTableRowElement[] = [];
    const keep = new Set<number>();
    for (const row of shown) {
      keep.add(row.id);
      wanted.push(this.patch(row));
      if (this.state.openDetails === row.id) wanted.push(this.detailsRow(row.id));
    }
    for (const id of this.rows.keys()) if (!keep.has(id)) this.rows.delete(id);
    placeInOrder(this.body, wanted);
  }

  private renderHead(): void {
    const key = `${this.state.key}|${this.state.descending}`;
    if (key === this.headKey) return;
    this.headKey = key;
    this.head.replaceChildren(
      ...columns.map(([label, sortKey]) => {
        const th = el('th', { text: label + (sortKey && sortKey === this.state.key ? (this.state.descending ? ' ▼' : ' ▲') : '') });
        if (sortKey) {
          th.classList.add('sortable');
          th.addEventListener('click', () => {
            this.state.descending = this.state.key === sortKey ? !this.state.descending : true;
            this.state.key = sortKey;
            this.changed();
          });
        }
        return th;
      }),
    );
  }

  /** The row for `row`, made once and then only its changing cells rewritten. */
  private patch(row: CandidateRow): HTMLTableRowElement {
    let view = this.rows.get(row.id);
    if (view === undefined) {
      const score = el('td');
      const examples = el('td');
      const failed = el('td');
      const tr = el(
        'tr',
        { className: row.origin === 'original' ? 'original' : '' },
        el('td', { text: String(row.id) }),
        el('td', { className: 'prompt-cell', text: row.text, title: row.text }),
        score,
        examples,
        failed,
        el('td', {}, rowButton('Examples', 'Show per-example outputs', () => this.toggleDetails(row.id))),
      );
      view = { tr, score, examples, failed };
      this.rows.set(row.id, view);
    }
    setText(view.score, fmtScore(meanScore(row)));
    setText(view.examples, String(row.examples));
    setText(view.failed, String(row.failedExamples));
    return view.tr;
  }

  private toggleDetails(id: number): void {
    this.state.openDetails = this.state.openDetails === id ? undefined : id;
    if (this.state.openDetails !== undefined && !this.state.details.has(id)) this.post({ type: 'candidate', action: 'details', candidateId: id });
    this.changed();
  }

  private detailsRow(id: number): HTMLTableRowElement {
    const results = this.state.details.get(id);
    const key = `${id}|${results === undefined ? 'loading' : results.length}`;
    if (this.details?.key !== key) this.details = { key, tr: renderDetails(results) };
    return this.details.tr;
  }
}

/**
 * A row's action: a plain button styled from the theme's variables. Fifty <vscode-button>s, each
 * with its shadow DOM, made a new row cost several milliseconds of layout; the panel's main
 * actions (Cancel, Apply, Diff, Copy) stay <vscode-button>s.
 */
function rowButton(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { className: 'row-action', text: label, title });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** Makes `parent`'s children exactly `wanted`, in order, moving only the nodes out of place. */
function placeInOrder(parent: HTMLElement, wanted: readonly HTMLElement[]): void {
  let cursor = parent.firstChild;
  for (const node of wanted) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor !== null) {
    const next = cursor.nextSibling;
    parent.removeChild(cursor);
    cursor = next;
  }
}

function renderDetails(results: readonly ExampleResult[] | undefined): HTMLTableRowElement {
  const cell = el('td');
  cell.colSpan = 6;
  if (!results) {
    cell.append(el('p', { text: 'Loading…' }));
  } else {
    const failures = results.filter((r) => r.score < 1);
    const ungraded = results.filter((r) => r.ungraded === true).length;
    const summary = `${results.length - failures.length} of ${results.length} examples fully correct.${ungraded > 0 ? ` ${ungraded} could not be graded (left out of the score).` : ''}`;
    cell.append(el('p', { text: summary }));
    const list = el('ul', { className: 'failures' });
    for (const r of failures.slice(0, 50)) list.append(failureItem(r));
    cell.append(list);
  }
  return el('tr', { className: 'details' }, cell);
}

/** One example below full marks: the output, the expected answer, and why (a judge's reasoning, a metric's detail). */
function failureItem(r: ExampleResult): HTMLLIElement {
  const status = r.ungraded === true ? ' (not graded)' : r.failed ? ' (call failed)' : ` (score ${r.score.toFixed(2)})`;
  const item = el('li', {}, el('code', { text: r.output || '(no output)' }), ` — expected `, el('code', { text: r.expected }), status);
  if (r.detail !== undefined && r.detail !== '') item.append(el('p', { className: 'detail', text: r.detail }));
  return item;
}
