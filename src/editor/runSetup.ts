import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePriceTable, mergePriceTables, DEFAULT_PRICES, type PriceTable } from '../core/cost/priceTable';
import type { MetricSpec } from '../core/eval/metrics';
import { makeRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import { claimNewRunDir } from '../core/pipeline/runDirectory';
import type { ChosenDataset } from './datasetPicker';
import { judgeMetricFor } from './judgeSettings';
import type { LanguageModelEndpoint } from './languageModelProxy';
import type { PromptTarget } from './promptTarget';
import type { Settings } from './settings';

/** Where LLM calls go for one run, resolved from the settings (and the secret key). */
export interface ProviderChoice {
  readonly provider: 'openai' | 'sandbox';
  readonly baseUrl: string;
  readonly model: string;
  readonly embeddingModel: string;
  readonly apiKey: string | undefined;
  readonly endpoint: LanguageModelEndpoint | undefined;
}

/** The folder holding run directories: the workspace's .zopo/runs when shared, else private storage. */
export function runsRootFor(settings: Settings, storage: vscode.Uri): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (settings.shareRuns && folder) return vscode.Uri.joinPath(folder.uri, '.zopo', 'runs');
  return vscode.Uri.joinPath(storage, 'runs');
}

/** The LLM cache runs share (and `zopo eval` in the same folder): `cache/` beside the runs folder. */
export function cacheFileFor(runsRoot: vscode.Uri): string {
  return vscode.Uri.joinPath(runsRoot, '..', 'cache', 'llm-cache.jsonl').fsPath;
}

/** A new, empty run directory named by time and prompt, created atomically so that two runs never share one. */
export function makeRunDir(root: vscode.Uri, label: string): Promise<string> {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'prompt';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return Promise.resolve(claimNewRunDir(path.join(root.fsPath, `${stamp}-${slug}`)));
}

/** The editor's own note in a run directory: where the prompt lives, so results can go back there. */
export const targetFile = 'editor-target.json';

export async function writeTarget(runDir: string, target: PromptTarget): Promise<void> {
  await fs.writeFile(path.join(runDir, targetFile), JSON.stringify(target, null, 2));
}

/** `data/x.jsonl` → `data/x.test.jsonl` when that file exists: the held-out test set. */
export function siblingTestFile(dataFile: string): string | undefined {
  const ext = path.extname(dataFile);
  const candidate = `${dataFile.slice(0, -ext.length)}.test${ext}`;
  return existsSync(candidate) ? candidate : undefined;
}

export function metricSpecFor(settings: Settings, workspaceRoot: string | undefined): MetricSpec {
  switch (settings.metric) {
    case 'contains':
    case 'f1':
    case 'exactSet':
    case 'json':
      return { name: settings.metric };
    case 'numeric':
      return { name: 'numeric', relative: 1e-6 };
    case 'custom':
      return { name: 'custom', module: workspaceRoot ? path.resolve(workspaceRoot, settings.customScorer) : settings.customScorer, timeoutSeconds: settings.customScorerTimeoutSeconds };
    case 'judge':
      return judgeMetricFor(settings, workspaceRoot);
    default:
      return { name: 'exact' };
  }
}

/** The built-in prices with the user's `zopo.prices` over them; bad entries are reported, not fatal. */
export function priceTableFor(settings: Settings, log: vscode.LogOutputChannel): PriceTable {
  const parsed = parsePriceTable(settings.prices);
  for (const problem of parsed.errors) log.warn(`zopo.prices: ${problem}`);
  return mergePriceTables(DEFAULT_PRICES, parsed.table);
}

export function buildRunConfig(
  prompt: { text: string; source: string },
  dataset: ChosenDataset,
  settings: Settings,
  provider: ProviderChoice,
  workspaceRoot: string | undefined,
): RunConfig {
  const dataFile = dataset.uri.fsPath;
  return makeRunConfig({
    promptText: prompt.text,
    promptSource: prompt.source,
    dataFile,
    testDataFile: siblingTestFile(dataFile),
    mapping: dataset.mapping,
    provider: provider.provider,
    baseUrl: provider.baseUrl,
    // Recorded so that a resume in a later session uses that session's proxy, not this one.
    ...(provider.endpoint === undefined ? {} : { languageModelApi: true }),
    model: provider.model,
    ...(settings.generatorModel === '' ? {} : { generatorModel: settings.generatorModel }),
    embeddingModel: provider.embeddingModel,
    metric: metricSpecFor(settings, workspaceRoot),
    budget: settings.budget,
    validationSize: settings.validationSize,
    concurrency: settings.concurrency,
    limits: settings.maxCostUsd > 0 ? { maxUsd: settings.maxCostUsd } : {},
    ...(settings.useBatchApi ? { batch: { roundSize: settings.batchSize, maxPollSeconds: 60 } } : {}),
  });
}
