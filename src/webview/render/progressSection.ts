/** Phase, queries against the budget, calls, tokens, cost and ETA; built once, then only its values change. */
import type { RunModel } from '../runModel';
import { etaSeconds } from '../runModel';
import { el, setText } from '../dom';

const labels = ['Phase', 'Queries', 'Calls', 'Tokens', 'Cost', 'Failed calls', 'ETA'] as const;

export class ProgressSection {
  readonly element: HTMLElement;
  private readonly bar = el('progress', { className: 'queries-bar' });
  private readonly values = labels.map(() => el('dd'));

  constructor() {
    const grid = el('dl', { className: 'stats' });
    labels.forEach((label, i) => grid.append(el('dt', { text: label }), this.values[i] as HTMLElement));
    this.element = el('section', { className: 'progress' }, this.bar, grid);
  }

  update(m: RunModel): void {
    const u = m.usage;
    const eta = m.outcome === 'running' ? etaSeconds(m) : undefined;
    const waiting = m.waiting === undefined ? '' : ` — waiting: ${m.waiting.message}`;
    const texts = [
      `${m.phase ? `${m.phase}${m.phaseDetail ? ` — ${m.phaseDetail}` : ''}` : 'starting'}${waiting}`,
      `${m.queries} / ${m.budget || '?'}`,
      u ? `${u.requests}${u.cacheHits ? ` (+${u.cacheHits} cached)` : ''}` : '0',
      u ? `${u.promptTokens.toLocaleString()} in / ${u.completionTokens.toLocaleString()} out` : '0',
      u ? (u.costUsd === undefined ? 'unknown price' : `$${u.costUsd.toFixed(4)}`) : '$0',
      u ? String(u.failures) : '0',
      eta === undefined ? '–' : formatDuration(eta),
    ];
    texts.forEach((text, i) => setText(this.values[i] as HTMLElement, text));
    const max = Math.max(1, m.budget);
    if (this.bar.max !== max) this.bar.max = max;
    if (this.bar.value !== m.queries) this.bar.value = m.queries;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const min = Math.floor(seconds / 60);
  return `${min} min ${Math.round(seconds - min * 60)} s`;
}
