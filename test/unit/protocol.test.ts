import assert from 'node:assert/strict';
import { isHostMessage, isPanelView, isWebviewMessage, type PanelView } from '../../src/shared/protocol';

const view: PanelView = {
  title: 'ZOPO: antonyms.prompt',
  status: 'setup',
  simulated: true,
  prompt: { source: 'prompts/antonyms.prompt:1', text: 'Write the opposite of the given word.' },
  dataset: { source: 'data/antonyms.jsonl', rows: 300, fields: ['input', 'output'] },
  settings: { provider: 'sandbox', model: 'gpt-4o-mini', budget: 165, validationSize: 20, concurrency: 4 },
  message: undefined,
};

describe('host <-> webview protocol', () => {
  it('accepts a well-formed view and view message', () => {
    assert.equal(isPanelView(view), true);
    assert.equal(isPanelView({ ...view, dataset: undefined }), true);
    assert.equal(isPanelView({ ...view, dataset: { source: 'd.jsonl', rows: null, fields: [] } }), true);
    assert.equal(isHostMessage({ type: 'view', view }), true);
  });

  it('rejects views with a missing or mistyped field', () => {
    assert.equal(isPanelView({ ...view, status: 'exploded' }), false);
    assert.equal(isPanelView({ ...view, simulated: 'yes' }), false);
    assert.equal(isPanelView({ ...view, prompt: { source: 'x' } }), false);
    assert.equal(isPanelView({ ...view, dataset: { source: 'd', rows: '3', fields: [] } }), false);
    assert.equal(isPanelView({ ...view, dataset: { source: 'd', rows: 3, fields: [1] } }), false);
    assert.equal(isPanelView({ ...view, settings: { ...view.settings, budget: '165' } }), false);
    assert.equal(isPanelView(null), false);
    assert.equal(isPanelView([view]), false);
    assert.equal(isHostMessage({ type: 'view' }), false);
    assert.equal(isHostMessage({ type: 'other', view }), false);
  });

  it('accepts only the known webview messages', () => {
    assert.equal(isWebviewMessage({ type: 'ready' }), true);
    assert.equal(isWebviewMessage({ type: 'copyPrompt' }), true);
    assert.equal(isWebviewMessage({ type: 'runShell', command: 'rm -rf /' }), false);
    assert.equal(isWebviewMessage('ready'), false);
    assert.equal(isWebviewMessage(undefined), false);
  });
});
