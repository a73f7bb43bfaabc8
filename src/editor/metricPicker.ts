import * as vscode from 'vscode';
import { settingKeys } from './settings';

/** The command that picks how outputs are scored (also the panel's "Change metric…"). */
export const chooseMetricCommand = 'zopo.chooseMetric';

/** The metrics a setting can name (regex needs a pattern, so it is the CLI's only). */
const CHOOSABLE = ['exact', 'contains', 'f1', 'exactSet', 'json', 'numeric', 'label', 'judge', 'custom'] as const;

interface MetricItem extends vscode.QuickPickItem {
  readonly metric: (typeof CHOOSABLE)[number];
}

/**
 * "Choose Metric": the metrics with their one-line descriptions; for the LLM judge, the rubric
 * too (text, or a workspace file; empty grades against the expected outputs). Saved in the
 * workspace settings (user settings when no folder is open). Resolves with the metric chosen.
 */
export async function chooseMetric(): Promise<string | undefined> {
  const { METRIC_DESCRIPTIONS } = await import('../core/eval/metrics');
  const config = vscode.workspace.getConfiguration('zopo');
  const current = config.get<string>(settingKeys.metric, 'exact');
  const items: MetricItem[] = CHOOSABLE.map((metric) => ({
    label: metric === 'judge' ? 'judge (LLM judge)' : metric,
    description: metric === current ? 'in use' : '',
    detail: METRIC_DESCRIPTIONS[metric],
    metric,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'ZOPO: how should outputs be scored?', placeHolder: 'For free-text answers (replies, summaries), pick the LLM judge' });
  if (!picked) return undefined;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (picked.metric === 'judge') {
    const rubric = await vscode.window.showInputBox({
      title: 'ZOPO: the judge\'s rubric',
      prompt: 'Grading criteria, or the workspace path of a file holding them. Leave empty to grade against the expected outputs.',
      value: config.get<string>(settingKeys.judgeRubric, ''),
    });
    if (rubric === undefined) return undefined;
    await config.update(settingKeys.judgeRubric, rubric.trim() === '' ? undefined : rubric.trim(), target);
  }
  await config.update(settingKeys.metric, picked.metric, target);
  void vscode.window.showInformationMessage(`ZOPO: the next runs score outputs with "${picked.metric}".`);
  return picked.metric;
}
