/** Phase, queries against the budget, calls, tokens, cost and ETA; built once, then only its values change. */
import type { RunModel } from '../runModel';
import { etaSeconds } from '../runModel';
import { el, setText } from '../dom';

const labels = ['Phase', 'Queries', 'Calls', 'Tokens', 'Cost', 'Failed calls', 'ETA', 'Failed gradings'] as const;

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
      u ? `${money(u.costUsd)}${perModel(u)}` : '$0',
      u ? String(u.failures) : '0',
      eta === undefined ? '–' : formatDuration(eta),
      m.failedGradings ? `${m.failedGradings} (the judge gave no score; left out of the scores)` : '0',
    ];
    texts.forEach((text, i) => setText(this.values[i] as HTMLElement, text));
    const max = Math.max(1, m.budget);
    if (this.bar.max !== max) this.bar.max = max;
    if (this.bar.value !== m.queries) this.bar.value = m.queries;
  }
}

function money(costUsd: number | undefined): string {
  return costUsd === undefined ? 'unknown price' : `$${costUsd.toFixed(4)}`;
}

/** Each model's share when the run uses more than one (chat, writer, judge). */
function perModel(u: NonNullable<RunModel['usage']>): string {
  const models = u.models ?? [];
  if (models.length < 2) return '';
  return ` (${models.map((m) => `${m.model}: ${m.requests} calls, ${money(m.costUsd)}`).join('; ')})`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const min = Math.floor(seconds / 60);
  return `${min} min ${Math.round(seconds - min * 60)} s`;
}
