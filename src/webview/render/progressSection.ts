import type { RunModel } from '../runModel';
import { etaSeconds } from '../runModel';
import { el } from '../dom';

/** Phase, queries against the budget, calls, tokens, cost and ETA. */
export function renderProgress(m: RunModel): HTMLElement {
  const u = m.usage;
  const eta = m.outcome === 'running' ? etaSeconds(m) : undefined;
  const stats: [string, string][] = [
    ['Phase', m.phase ? `${m.phase}${m.phaseDetail ? ` — ${m.phaseDetail}` : ''}` : 'starting'],
    ['Queries', `${m.queries} / ${m.budget || '?'}`],
    ['Calls', u ? `${u.requests}${u.cacheHits ? ` (+${u.cacheHits} cached)` : ''}` : '0'],
    ['Tokens', u ? `${u.promptTokens.toLocaleString()} in / ${u.completionTokens.toLocaleString()} out` : '0'],
    ['Cost', u ? (u.costUsd === undefined ? 'unknown price' : `$${u.costUsd.toFixed(4)}`) : '$0'],
    ['Failed calls', u ? String(u.failures) : '0'],
    ['ETA', eta === undefined ? '–' : formatDuration(eta)],
  ];
  const bar = el('progress', { className: 'queries-bar' });
  bar.max = Math.max(1, m.budget);
  bar.value = m.queries;
  const grid = el('dl', { className: 'stats' });
  for (const [k, v] of stats) grid.append(el('dt', { text: k }), el('dd', { text: v }));
  return el('section', { className: 'progress' }, bar, grid);
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const min = Math.floor(seconds / 60);
  return `${min} min ${Math.round(seconds - min * 60)} s`;
}
