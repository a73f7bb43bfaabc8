import * as vscode from 'vscode';
import type { ExampleResult, RunEvent } from '../core/pipeline/runEvents';
import { EventBatch } from '../shared/eventBatch';
import { isPanelView, isWebviewMessage, type CandidateAction, type HostMessage, type PanelView } from '../shared/protocol';

export const panelViewType = 'zopo.panel';

/** What the panel's buttons reach: the run shown in the panel. */
export interface PanelHandler {
  cancel(): void;
  candidateAction(action: Exclude<CandidateAction, 'details'>, candidateId: number): void;
  details(candidateId: number): readonly ExampleResult[] | undefined;
}

/** Events are posted in batches at most this often, so long runs keep the panel smooth. */
const batchMs = 100;

/**
 * The optimization panel: one webview per run view. Messages wait until the webview says
 * `ready`; the view is kept in webview state so a hidden, moved or reloaded panel restores.
 */
export class OptimizationPanel implements vscode.Disposable {
  private static current: OptimizationPanel | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private history: RunEvent[] = [];
  private readonly outgoing = new EventBatch<RunEvent>((events) => this.post({ type: 'events', reset: false, events }), batchMs);
  private handler: PanelHandler | undefined;
  private disposed = false;

  /** Shows `view` in the panel, creating the panel if needed. */
  static show(extensionUri: vscode.Uri, view: PanelView): OptimizationPanel {
    const existing = OptimizationPanel.current;
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      existing.update(view);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(panelViewType, view.title, vscode.ViewColumn.Beside, webviewOptions(extensionUri));
    return new OptimizationPanel(panel, extensionUri, view);
  }

  /** Re-creates a panel that VS Code restores after a window reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): OptimizationPanel {
    const saved = typeof state === 'object' && state !== null ? (state as { view?: unknown }).view : undefined;
    const view = isPanelView(saved) ? saved : emptyView();
    return new OptimizationPanel(panel, extensionUri, view);
  }

  static get active(): OptimizationPanel | undefined {
    return OptimizationPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private currentView: PanelView,
  ) {
    OptimizationPanel.current?.dispose();
    OptimizationPanel.current = this;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = renderHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
  }

  get view(): PanelView {
    return this.currentView;
  }

  update(view: PanelView): void {
    this.currentView = view;
    this.panel.title = view.title;
    // Queued events first: the panel sees events and view changes in the order they happened.
    this.outgoing.flush();
    this.post({ type: 'view', view });
  }

  /** Shows a (new) run: replaces the events the panel had with `history` and routes its buttons to `handler`. */
  attachRun(handler: PanelHandler | undefined, history: readonly RunEvent[]): void {
    this.handler = handler;
    this.history = [...history];
    this.outgoing.clear();
    this.post({ type: 'events', reset: true, events: this.history });
  }

  /** Queues a run event; queued events go out together every `batchMs`. */
  pushEvent(event: RunEvent): void {
    this.history.push(event);
    this.outgoing.push(event);
  }

  private post(message: HostMessage): void {
    // Until the webview is ready nothing is sent: `ready` replays the whole view and history.
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return;
    switch (message.type) {
      case 'ready':
        // A (re)loaded webview gets the whole picture again, not just what was queued.
        this.ready = true;
        this.outgoing.clear();
        void this.panel.webview.postMessage({ type: 'view', view: this.currentView } satisfies HostMessage);
        void this.panel.webview.postMessage({ type: 'events', reset: true, events: this.history } satisfies HostMessage);
        break;
      case 'cancel':
        this.handler?.cancel();
        break;
      case 'candidate':
        if (message.action === 'details') {
          const results = this.handler?.details(message.candidateId) ?? [];
          this.post({ type: 'details', candidateId: message.candidateId, results });
        } else {
          this.handler?.candidateAction(message.action, message.candidateId);
        }
        break;
      case 'chooseMetric':
        void vscode.commands.executeCommand('zopo.chooseMetric');
        break;
      case 'copyPrompt':
        void vscode.env.clipboard.writeText(this.currentView.prompt.text);
        void vscode.window.showInformationMessage('ZOPO: prompt copied to the clipboard.');
        break;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.outgoing.clear();
    if (OptimizationPanel.current === this) OptimizationPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** Registers the serializer that restores the panel after a window reload. */
export function registerPanelSerializer(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(panelViewType, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
      OptimizationPanel.revive(panel, extensionUri, state);
      return Promise.resolve();
    },
  });
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // State survives hiding through getState/setState and the host's replay on `ready`.
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function emptyView(): PanelView {
  return {
    title: 'ZOPO',
    status: 'setup',
    simulated: false,
    prompt: { source: '', text: '' },
    dataset: undefined,
    settings: { provider: '', model: '', budget: 0, validationSize: 0, concurrency: 0 },
    message: 'Run Optimize Prompt to start.',
  };
}

function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = createNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const bundledStyle = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${bundledStyle.toString()}">
<link rel="stylesheet" nonce="${nonce}" href="${style.toString()}">
<title>ZOPO</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
