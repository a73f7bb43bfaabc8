import * as vscode from 'vscode';
import type { SettingsSummary } from '../shared/protocol';

/** The extension's setting keys, under the `zopo.` section. */
export const settingKeys = {
  provider: 'provider',
  model: 'model',
  baseUrl: 'baseUrl',
  embeddingModel: 'embeddingModel',
  budget: 'budget',
  validationSize: 'validationSize',
  concurrency: 'concurrency',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  metric: 'metric',
  customScorer: 'customScorer',
  customScorerTimeoutSeconds: 'customScorerTimeoutSeconds',
  judgeRubric: 'judgeRubric',
  judgeModel: 'judgeModel',
  generatorModel: 'generatorModel',
  maxCostUsd: 'maxCostUsd',
  useBatchApi: 'useBatchApi',
  batchSize: 'batchSize',
  prices: 'prices',
  shareRuns: 'shareRuns',
  useSharedCache: 'useSharedCache',
  languageModelFamily: 'languageModelFamily',
} as const;

export type Provider = 'openai' | 'sandbox' | 'vscode-lm';

export interface Settings extends SettingsSummary {
  readonly provider: Provider;
  readonly baseUrl: string;
  readonly embeddingModel: string;
  readonly metric: string;
  readonly customScorer: string;
  /** Time limit of one call of the custom scorer. */
  readonly customScorerTimeoutSeconds: number;
  /** The judge's rubric (text or a workspace file); empty: grade against the expected answer. */
  readonly judgeRubric: string;
  /** Empty: the chat model. */
  readonly judgeModel: string;
  /** The model that writes candidates; empty: the chat model. */
  readonly generatorModel: string;
  /** 0 means no limit. */
  readonly maxCostUsd: number;
  /** Evaluate through the provider's Batch API, `batchSize` queries per round. */
  readonly useBatchApi: boolean;
  readonly batchSize: number;
  readonly prices: unknown;
  readonly shareRuns: boolean;
  /** Off: the run neither reads nor writes the shared LLM cache (a cache of its own, for resume). */
  readonly useSharedCache: boolean;
  readonly languageModelFamily: string;
  /** One LLM request attempt's time limit. */
  readonly requestTimeoutSeconds: number;
}

const providers: readonly Provider[] = ['openai', 'sandbox', 'vscode-lm'];

/** Reads the settings with the manifest's defaults; out-of-range numbers are clamped. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('zopo', scope);
  const provider = config.get<string>(settingKeys.provider, 'sandbox');
  return {
    provider: providers.find((p) => p === provider) ?? 'sandbox',
    model: config.get<string>(settingKeys.model, 'gpt-4o-mini'),
    baseUrl: config.get<string>(settingKeys.baseUrl, ''),
    embeddingModel: config.get<string>(settingKeys.embeddingModel, 'text-embedding-3-small'),
    budget: clampInt(config.get<number>(settingKeys.budget, 165), 5, 10000),
    validationSize: clampInt(config.get<number>(settingKeys.validationSize, 20), 1, 1000),
    concurrency: clampInt(config.get<number>(settingKeys.concurrency, 4), 1, 64),
    metric: config.get<string>(settingKeys.metric, 'exact'),
    customScorer: config.get<string>(settingKeys.customScorer, ''),
    customScorerTimeoutSeconds: Math.min(3600, Math.max(0.1, config.get<number>(settingKeys.customScorerTimeoutSeconds, 10))),
    judgeRubric: config.get<string>(settingKeys.judgeRubric, ''),
    judgeModel: config.get<string>(settingKeys.judgeModel, '').trim(),
    generatorModel: config.get<string>(settingKeys.generatorModel, '').trim(),
    maxCostUsd: Math.max(0, config.get<number>(settingKeys.maxCostUsd, 2)),
    useBatchApi: config.get<boolean>(settingKeys.useBatchApi, false),
    batchSize: clampInt(config.get<number>(settingKeys.batchSize, 16), 1, 256),
    prices: config.get<unknown>(settingKeys.prices, {}),
    shareRuns: config.get<boolean>(settingKeys.shareRuns, false),
    useSharedCache: config.get<boolean>(settingKeys.useSharedCache, true),
    languageModelFamily: config.get<string>(settingKeys.languageModelFamily, ''),
    requestTimeoutSeconds: clampInt(config.get<number>(settingKeys.requestTimeoutSeconds, 30), 1, 3600),
  };
}

/** Calls `listener` whenever a `zopo.*` setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('zopo')) listener();
  });
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.round(value)));
}
