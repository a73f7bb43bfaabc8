import * as vscode from 'vscode';
import { BudgetExceededError, RunInputError, errorMessage } from '../core/pipeline/runErrors';
import type { ExampleResult, HeldOutComparison, RunEvent } from '../core/pipeline/runEvents';
import type { RunOptions, RunResult } from '../core/pipeline/runTypes';
import type { PanelView } from '../shared/protocol';
import { OptimizationPanel, type PanelHandler } from './optimizationPanel';
import type { ChosenDataset } from './datasetPicker';
import { EstimateConfirmation } from './estimateConfirmation';
import type { LocatedPrompt, PromptTarget } from './promptTarget';
import type { IndexedRun, RunIndex } from './runIndex';
import { buildRunConfig, cacheFileFor, makeRunDir, priceTableFor, runsRootFor, writeTarget } from './runSetup';
import { runLockHeldFor } from './runLock';
import { RunStatusBar } from './runStatusBar';
import type { Secrets } from './secrets';
import { judgeSettingsProblem, metricLabel } from './judgeSettings';
import { readSettings, type Settings } from './settings';
import { chooseProvider } from './providerChoice';
import { notifyOutcome, outcomeSummary, shortOutcome } from './runOutcome';
import { applyWithEvidence, copySuggestion, diffSuggestion, type PreviewDocuments } from './suggestionActions';

/** One run the extension host is driving now. */
interface ActiveRun {
  readonly runDir: string;
  readonly target: PromptTarget;
  readonly abort: AbortController;
  readonly history: RunEvent[];
  readonly texts: Map<number, string>;
  readonly results: Map<number, readonly ExampleResult[]>;
  /** Held-out verdicts of the returned prompts, from the `done` event. */
  readonly verdicts: Map<number, HeldOutComparison | undefined>;
  view: PanelView;
}

export interface RunControllerServices {
  readonly extensionUri: vscode.Uri;
  readonly storageUri: vscode.Uri;
  readonly secrets: Secrets;
  readonly log: vscode.LogOutputChannel;
  readonly index: RunIndex;
  readonly previews: PreviewDocuments;
  /** Where answers that hold across workspaces are kept (extension global state). */
  readonly globalState: vscode.Memento;
}

/**
 * Starts, steers and follows optimization runs: the pipeline's orchestrator does the work; this
 * forwards its events to the panel, the status bar, the notification and the Runs view, and
 * turns the editor's cancellation into an AbortSignal. One run per prompt at a time.
 */
export class RunController implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly statusBar = new RunStatusBar();
  private panelRun: ActiveRun | undefined;
  private readonly confirmation: EstimateConfirmation;

  constructor(private readonly services: RunControllerServices) {
    this.confirmation = new EstimateConfirmation(services.globalState, services.log);
  }

  /** Runs ZOPO on `prompt` against `dataFile`; resolves when the run ends. */
  async start(prompt: LocatedPrompt, dataset: ChosenDataset): Promise<RunResult | undefined> {
    const dataFile = dataset.uri;
    const key = targetKey(prompt.target);
    if (this.active.has(key)) {
      void vscode.window.showInformationMessage('ZOPO: this prompt is already being optimized.', 'Show Panel').then((c) => c && this.showPanel());
      return undefined;
    }
    const settings = readSettings();
    if (settings.metric === 'custom' && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('ZOPO: the custom scorer runs workspace code, which Restricted Mode does not allow. Trust the workspace or choose another zopo.metric.');
      return undefined;
    }
    const judgeProblem = judgeSettingsProblem(settings, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    if (judgeProblem !== undefined) {
      void vscode.window.showErrorMessage(judgeProblem);
      return undefined;
    }
    const provider = await chooseProvider(settings, this.services.secrets, this.services.log);
    if (!provider) return undefined;
    const runsRoot = runsRootFor(settings, this.services.storageUri);
    const runDir = await makeRunDir(runsRoot, prompt.summary.source);
    await writeTarget(runDir, prompt.target);
    const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const config = buildRunConfig(prompt.summary, dataset, settings, provider, workspaceRoot);
    const run = this.track(key, runDir, prompt.target, this.viewFor(prompt, dataFile, settings));
    try {
      const { runOptimization } = await import('../core/pipeline/orchestrator');
      return await this.follow(run, settings, config.model, (options) => runOptimization(config, { ...options, ...(settings.useSharedCache ? { cacheFile: cacheFileFor(runsRoot) } : {}), ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) }));
    } finally {
      provider.endpoint?.dispose();
    }
  }

  /** Continues an interrupted run from its directory; nothing already paid for is paid again. */
  async resume(runDir: string, target: PromptTarget, view: PanelView): Promise<RunResult | undefined> {
    const settings = readSettings();
    const provider = await chooseProvider(settings, this.services.secrets, this.services.log);
    if (!provider) return undefined;
    const run = this.track(targetKey(target), runDir, target, { ...view, status: 'running', message: 'Resumed.' });
    try {
      const { resumeOptimization } = await import('../core/pipeline/orchestrator');
      // The settings' endpoint must be the run's; a Language Model API proxy is new each session,
      // so a run recorded through that API continues on this session's proxy (and its key).
      const endpoint = { baseUrl: provider.baseUrl, model: provider.model, ...(provider.endpoint === undefined ? {} : { languageModelApi: true }) };
      return await this.follow(run, settings, provider.model, (options) => resumeOptimization(runDir, { ...options, endpoint, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) }));
    } finally {
      provider.endpoint?.dispose();
    }
  }

  /** Shows a run of the history in the panel: the live one if it is running, else its record replayed. */
  async open(indexed: IndexedRun): Promise<void> {
    const live = [...this.active.values()].find((r) => r.runDir === indexed.dir);
    if (live) {
      this.attach(live);
      return;
    }
    const { replayRunEvents } = await import('../core/pipeline/runReplay');
    const history = replayRunEvents(indexed.dir);
    const run: ActiveRun = { runDir: indexed.dir, target: indexed.target ?? { kind: 'file', uri: '', text: '' }, abort: new AbortController(), history, texts: new Map(), results: new Map(), verdicts: new Map(), view: pastView(indexed) };
    for (const event of history) this.collect(run, event);
    this.attach(run);
  }

  /** Resumes an interrupted run of the history (the editor had been closed or reloaded mid-run). */
  async resumeIndexed(indexed: IndexedRun): Promise<RunResult | undefined> {
    if (!indexed.target) {
      void vscode.window.showWarningMessage('ZOPO: this run was started from the command line; resume it with `zopo optimize --resume`.');
      return undefined;
    }
    return this.resume(indexed.dir, indexed.target, pastView(indexed));
  }

  /**
   * Resumes runs that a window reload or a crash cut off: their record still says "running"
   * but the extension host that drove them is gone. Nothing already paid for is paid again.
   */
  async resumeInterrupted(): Promise<void> {
    for (const indexed of await this.services.index.all()) {
      if (indexed.record.status !== 'running' || !indexed.target || this.isActive(indexed.dir)) continue;
      // After a reload the old extension host may take a few seconds to exit: wait for it;
      // a host that stays alive belongs to another window, which drives the run.
      if (await runLockHeldFor(indexed.dir, 20_000)) continue;
      this.services.log.info(`Resuming the interrupted run in ${indexed.dir}`);
      void vscode.window.showInformationMessage(`ZOPO: resuming the run of ${indexed.record.promptSource}, interrupted when the window closed.`);
      void this.resume(indexed.dir, indexed.target, pastView(indexed));
    }
  }

  isActive(runDir: string): boolean {
    return [...this.active.values()].some((r) => r.runDir === runDir);
  }

  hasPanelRun(): boolean {
    return this.panelRun !== undefined || OptimizationPanel.active !== undefined;
  }

  showPanel(): void {
    if (!this.panelRun && OptimizationPanel.active) {
      const panel = OptimizationPanel.active;
      OptimizationPanel.show(this.services.extensionUri, panel.view);
      return;
    }
    const run = this.panelRun;
    if (run) this.attach(run);
  }

  private track(key: string, runDir: string, target: PromptTarget, view: PanelView): ActiveRun {
    const run: ActiveRun = { runDir, target, abort: new AbortController(), history: [], texts: new Map(), results: new Map(), verdicts: new Map(), view };
    this.active.set(key, run);
    this.attach(run);
    this.statusBar.start(view.prompt.source, view.simulated);
    void this.services.index.refresh();
    return run;
  }

  private attach(run: ActiveRun): void {
    this.panelRun = run;
    OptimizationPanel.show(this.services.extensionUri, run.view).attachRun(this.handlerFor(run), run.history);
  }

  private async follow(run: ActiveRun, settings: Settings, model: string, execute: (options: Omit<RunOptions, 'apiKey'>) => Promise<RunResult>): Promise<RunResult | undefined> {
    const title = `ZOPO: optimizing ${run.view.prompt.source}${run.view.simulated ? ' (simulated)' : ''}`;
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => run.abort.abort());
        return execute({
          runDir: run.runDir,
          signal: run.abort.signal,
          prices: priceTableFor(settings, this.services.log),
          allowCustomCode: vscode.workspace.isTrusted,
          clientOptions: { timeoutMs: settings.requestTimeoutSeconds * 1000 },
          onEvent: (event) => this.onEvent(run, event, progress),
          confirmEstimate: (estimate) => this.confirmation.confirm(estimate, model),
        });
      });
      this.finish(run, result);
      return result;
    } catch (error) {
      this.fail(run, error);
      return undefined;
    } finally {
      for (const [key, r] of this.active) if (r === run) this.active.delete(key);
      void this.services.index.refresh();
    }
  }

  private collect(run: ActiveRun, event: RunEvent): void {
    if (event.type === 'candidates') for (const c of event.candidates) run.texts.set(c.id, c.text);
    if (event.type === 'evaluationFinished' && event.results) run.results.set(event.candidateId, event.results);
    if (event.type === 'done') for (const p of event.portfolio) run.verdicts.set(p.candidateId, p.test);
  }

  private onEvent(run: ActiveRun, event: RunEvent, progress: vscode.Progress<{ message?: string; increment?: number }>): void {
    run.history.push(event);
    this.collect(run, event);
    if (event.type === 'evaluationFinished') {
      progress.report({ message: `${event.queries}/${event.budget} queries`, increment: 100 / event.budget });
    }
    if (event.type === 'phase') progress.report({ message: event.phase });
    if (event.type === 'waiting') progress.report({ message: event.message });
    // The run's record is final when its last event goes out: suggestions and lenses may use it now.
    if (event.type === 'done' || event.type === 'cancelled') void this.services.index.refresh();
    this.statusBar.update(event);
    if (this.panelRun === run) OptimizationPanel.active?.pushEvent(event);
  }

  private finish(run: ActiveRun, result: RunResult): void {
    const summary = outcomeSummary(result);
    run.view = { ...run.view, status: result.status === 'done' ? 'done' : 'cancelled', message: `Finished: ${summary}${result.message === undefined ? '' : `; ${result.message}`}.` };
    if (this.panelRun === run) OptimizationPanel.active?.update(run.view);
    this.statusBar.finish(`$(check) ZOPO ${shortOutcome(result)}`);
    void notifyOutcome(result, run.view.prompt.source, run.target, () => this.attach(run));
  }

  private fail(run: ActiveRun, error: unknown): void {
    const message = errorMessage(error);
    this.services.log.error(`Run in ${run.runDir} failed: ${message}`);
    run.view = { ...run.view, status: 'failed', message };
    if (this.panelRun === run) OptimizationPanel.active?.update(run.view);
    this.statusBar.finish('$(error) ZOPO run failed');
    if (error instanceof RunInputError && error.file) {
      const file = vscode.Uri.file(error.file);
      void vscode.window.showErrorMessage(`ZOPO: ${message}`, 'Open File').then((c) => {
        if (c) void vscode.window.showTextDocument(file, { selection: new vscode.Range((error.line ?? 1) - 1, (error.column ?? 1) - 1, (error.line ?? 1) - 1, (error.column ?? 1) - 1) });
      });
    } else if (!(error instanceof BudgetExceededError)) {
      void vscode.window.showErrorMessage(`ZOPO: ${message}`);
    }
  }

  private handlerFor(run: ActiveRun): PanelHandler {
    return {
      cancel: () => run.abort.abort(),
      details: (id) => run.results.get(id),
      candidateAction: (action, id) => {
        const text = run.texts.get(id);
        if (text === undefined) return;
        if (action === 'apply') void applyWithEvidence(run.target, text, run.verdicts.get(id));
        if (action === 'diff') void diffSuggestion(this.services.previews, run.target, text, `Optimized prompt #${id}`);
        if (action === 'copy') void copySuggestion(text);
      },
    };
  }

  private viewFor(prompt: LocatedPrompt, dataFile: vscode.Uri, settings: Settings): PanelView {
    const name = prompt.summary.source.replace(/:\d+.*$/, '').split('/').pop() ?? prompt.summary.source;
    return {
      title: `ZOPO: ${name}`,
      status: 'running',
      simulated: settings.provider === 'sandbox',
      prompt: prompt.summary,
      dataset: { source: vscode.workspace.asRelativePath(dataFile), rows: null, fields: [] },
      settings: { ...settings, metricLabel: metricLabel(settings, settings.model), ...(settings.generatorModel === '' ? {} : { generatorModel: settings.generatorModel }) },
      message: undefined,
    };
  }

  /**
   * Runs are not cancelled here: when the window closes or reloads the process ends, the run's
   * record still says "running", and the next activation resumes it without paying twice.
   */
  dispose(): void {
    this.statusBar.dispose();
  }
}

function pastView(indexed: IndexedRun): PanelView {
  const r = indexed.record;
  const name = r.promptSource.replace(/:\d+.*$/, '').split('/').pop() ?? r.promptSource;
  const status = r.status === 'done' || r.status === 'failed' ? r.status : 'cancelled';
  return {
    title: `ZOPO: ${name}`,
    status,
    simulated: r.simulated,
    prompt: { source: r.promptSource, text: '' },
    dataset: { source: vscode.workspace.asRelativePath(r.datasetSource), rows: null, fields: [] },
    settings: { provider: r.simulated ? 'sandbox' : '', model: '', budget: 0, validationSize: 0, concurrency: 0 },
    message: `Run of ${new Date(r.createdAt).toLocaleString()}: ${r.status === 'running' ? 'interrupted' : r.status}.`,
  };
}

function targetKey(target: PromptTarget): string {
  return target.kind === 'literal' ? `${target.uri}#${target.anchor.bindingName ?? target.anchor.value}` : `${target.uri}#${target.kind}`;
}

