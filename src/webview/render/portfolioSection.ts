/** The returned prompts: each led by its held-out verdict (portfolioText.ts), with its actions. */
import type { WebviewMessage } from '../../shared/protocol';
import { button, el } from '../dom';
import type { RunModel } from '../runModel';
import { portfolioHeadline, portfolioLines, validationDetails } from './portfolioText';

export function renderPortfolio(m: RunModel, post: (msg: WebviewMessage) => void): HTMLElement {
  const section = el('section', { className: 'portfolio' }, el('h2', { text: 'Optimized prompts' }));
  if (m.portfolio.length === 0) {
    section.append(el('p', { className: 'message', text: m.outcome === 'running' ? 'Appears when the run ends.' : 'No prompts to offer.' }));
    return section;
  }
  const headline = portfolioHeadline(m.portfolio);
  if (headline !== undefined) section.append(el('p', { className: 'no-improvement', text: headline }));
  if (m.original) section.append(el('p', { className: 'original-line', text: `Your prompt: ${validationDetails(m.original)}` }));
  const list = el('ol');
  for (const item of m.portfolio) {
    const act = (action: 'apply' | 'diff' | 'copy') => () => post({ type: 'candidate', action, candidateId: item.candidateId });
    const lines = portfolioLines(item);
    const actions = el('div', { className: 'actions' });
    if (lines.canApply) actions.append(button('Apply', act('apply')));
    actions.append(button('Diff', act('diff'), undefined, lines.canApply), button('Copy', act('copy'), undefined, true));
    list.append(
      el('li', {}, el('p', { className: 'verdict', text: lines.verdict }), el('pre', { className: 'prompt', text: item.text }), el('p', { className: 'scores', text: lines.details }), actions),
    );
  }
  section.append(list);
  return section;
}
