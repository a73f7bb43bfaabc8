/** The returned prompts: best local optima with score, interval and held-out test score, and their actions. */
import type { PortfolioItem } from '../../core/pipeline/runEvents';
import type { WebviewMessage } from '../../shared/protocol';
import { button, el, fmtScore } from '../dom';
import type { RunModel } from '../runModel';

export function renderPortfolio(m: RunModel, post: (msg: WebviewMessage) => void): HTMLElement {
  const section = el('section', { className: 'portfolio' }, el('h2', { text: 'Optimized prompts' }));
  if (m.portfolio.length === 0) {
    section.append(el('p', { className: 'message', text: m.outcome === 'running' ? 'Appears when the run ends.' : 'No prompts to offer.' }));
    return section;
  }
  if (m.original) section.append(el('p', { className: 'original-line', text: `Your prompt: ${describe(m.original)}` }));
  const list = el('ol');
  for (const item of m.portfolio) {
    const act = (action: 'apply' | 'diff' | 'copy') => () => post({ type: 'candidate', action, candidateId: item.candidateId });
    list.append(
      el(
        'li',
        {},
        el('pre', { className: 'prompt', text: item.text }),
        el('p', { className: 'scores', text: describe(item) }),
        el('div', { className: 'actions' }, button('Apply', act('apply')), button('Diff', act('diff'), undefined, true), button('Copy', act('copy'), undefined, true)),
      ),
    );
  }
  section.append(list);
  return section;
}

function describe(item: PortfolioItem): string {
  const [lo, hi] = item.interval;
  const test = item.testScore === undefined ? '' : ` · test ${fmtScore(item.testScore)}`;
  return `validation ${fmtScore(item.score)} [${fmtScore(lo)}, ${fmtScore(hi)}] on ${item.examples} examples${test}`;
}
