import * as vscode from 'vscode';
import { DatasetError } from '../core/data/datasetError';
import type { DatasetField } from '../core/data/datasetFields';
import { DEFAULT_MAPPING, type FieldMapping } from '../core/data/datasetTypes';
import type { RegistrationStore } from './registrations';

/**
 * Checks a dataset with the pipeline's parser before it is registered: errors and warnings
 * appear in the Problems panel at their lines, and the input/output fields are chosen in a
 * quick pick when the file does not use `input`/`output`. Returns the mapping, or undefined
 * when the file cannot be used (or the user backs out).
 */
export async function validateAndRegisterDataset(
  uri: vscode.Uri,
  registrations: RegistrationStore,
  diagnostics: vscode.DiagnosticCollection,
): Promise<FieldMapping | undefined> {
  diagnostics.delete(uri);
  const { listDatasetFields } = await import('../core/data/datasetFields');
  const { loadDataset } = await import('../core/data/datasetLoader');
  let fields: DatasetField[];
  try {
    fields = await listDatasetFields(uri.fsPath);
  } catch (error) {
    return reportError(uri, error, diagnostics);
  }
  const mapping = await chooseMapping(fields, uri);
  if (!mapping) return undefined;
  try {
    const dataset = await loadDataset(uri.fsPath, { mapping });
    diagnostics.set(uri, dataset.warnings.map((w) => diagnostic(w.line, undefined, w.message, vscode.DiagnosticSeverity.Warning)));
    await registrations.setDataset({ uri: uri.toString(), mapping });
    const warned = dataset.warnings.length ? ` (${dataset.warnings.length} warnings in the Problems panel)` : '';
    const message = `ZOPO: using ${vscode.workspace.asRelativePath(uri)}: ${dataset.examples.length} examples${warned}.`;
    const { looksOpenEnded } = await import('../core/eval/metricSuggestion');
    if (looksOpenEnded(dataset.examples.map((e) => e.output))) offerJudge(message);
    else void vscode.window.showInformationMessage(message);
    return mapping;
  } catch (error) {
    return reportError(uri, error, diagnostics);
  }
}

function reportError(uri: vscode.Uri, error: unknown, diagnostics: vscode.DiagnosticCollection): undefined {
  if (!(error instanceof DatasetError)) throw error;
  diagnostics.set(uri, [diagnostic(error.line, error.column, error.reason, vscode.DiagnosticSeverity.Error)]);
  void vscode.window.showErrorMessage(`ZOPO: ${vscode.workspace.asRelativePath(uri)}:${error.line}${error.column ? `:${error.column}` : ''}: ${error.reason}`, 'Show Problems').then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return undefined;
}

function diagnostic(line: number, column: number | undefined, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, line - 1), Math.max(0, (column ?? 1) - 1));
  const range = new vscode.Range(start, column === undefined ? start.translate(0, 10_000) : start.translate(0, 1));
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = 'ZOPO';
  return d;
}

/** The default mapping when the file has `input` and `output`; otherwise the user picks the fields. */
async function chooseMapping(fields: readonly DatasetField[], uri: vscode.Uri): Promise<FieldMapping | undefined> {
  const names = fields.map((f) => f.name);
  if (names.includes(DEFAULT_MAPPING.output) && DEFAULT_MAPPING.inputs.every((i) => names.includes(i))) return DEFAULT_MAPPING;
  const items = fields.map((f) => ({ label: f.name, description: f.sample, detail: `${f.count} records${f.hasNonText ? ' · some values are not text' : ''}` }));
  const output = await vscode.window.showQuickPick(items, { title: `${vscode.workspace.asRelativePath(uri)}: which field holds the expected output?`, ignoreFocusOut: true });
  if (!output) return undefined;
  const rest = items.filter((i) => i.label !== output.label);
  const inputs = await vscode.window.showQuickPick(rest, {
    title: 'Which fields are the inputs? (they fill the prompt\'s variables of the same names)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!inputs || inputs.length === 0) return undefined;
  return { inputs: inputs.map((i) => i.label), output: output.label };
}

/** Free-text expected outputs: the LLM judge is offered (string metrics would score them 0). */
function offerJudge(message: string): void {
  const config = vscode.workspace.getConfiguration('zopo');
  if (config.get<string>('metric') === 'judge') {
    void vscode.window.showInformationMessage(message);
    return;
  }
  const choice = 'Use the LLM judge';
  void vscode.window.showInformationMessage(`${message} The expected outputs are free text: an LLM judge (zopo.metric "judge") grades them better than string matching.`, choice).then(async (picked) => {
    if (picked === choice) await config.update('metric', 'judge', vscode.ConfigurationTarget.Workspace);
  });
}
