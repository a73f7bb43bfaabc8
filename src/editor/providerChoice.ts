import * as vscode from 'vscode';
import { chooseLanguageModelCommand } from './languageModelPicker';
import { missingModelsProblem } from './languageModelModels';
import { startLanguageModelEndpoint } from './languageModelProxy';
import type { ProviderChoice } from './runSetup';
import type { Secrets } from './secrets';
import type { Settings } from './settings';

/**
 * Resolves where this run's LLM calls go. `openai` needs a key from secret storage unless a
 * custom base URL is set (local servers usually take none); `vscode-lm` serves a VS Code chat
 * model on a loopback endpoint with local embeddings. Undefined when the user must act first.
 */
export async function chooseProvider(settings: Settings, secrets: Secrets, log: vscode.LogOutputChannel): Promise<ProviderChoice | undefined> {
  switch (settings.provider) {
    case 'sandbox':
      return { provider: 'sandbox', baseUrl: '', model: 'sandbox', embeddingModel: 'sandbox-embedding', apiKey: undefined, endpoint: undefined };
    case 'vscode-lm': {
      if (settings.useBatchApi) {
        void vscode.window.showErrorMessage('ZOPO: zopo.useBatchApi needs an endpoint with the Batch API (/v1/files, /v1/batches); VS Code\'s Language Model API has none. Turn zopo.useBatchApi off, or use zopo.provider "openai".');
        return undefined;
      }
      const endpoint = await startLanguageModelEndpoint(settings.languageModelFamily, log);
      if (!endpoint) {
        const family = settings.languageModelFamily;
        const why = family ? `no chat model of the family "${family}" (zopo.languageModelFamily) is available` : 'no chat model is available';
        void vscode.window
          .showWarningMessage(`ZOPO: ${why} through VS Code's Language Model API. Install one (e.g. GitHub Copilot Chat), choose another, or use another zopo.provider.`, 'Choose Chat Model')
          .then((choice) => choice && vscode.commands.executeCommand(chooseLanguageModelCommand));
        return undefined;
      }
      // A judge or writer model the editor does not have is refused now, not at the run's first call.
      const missing = await missingModelsProblem(settings, endpoint.models);
      if (missing !== undefined) {
        endpoint.dispose();
        void vscode.window.showErrorMessage(missing);
        return undefined;
      }
      return { provider: 'openai', baseUrl: endpoint.baseUrl, model: endpoint.modelName, embeddingModel: '', apiKey: endpoint.apiKey, endpoint };
    }
    case 'openai': {
      const key = await secrets.get('openaiApiKey');
      if (!key && !settings.baseUrl) {
        const choice = await vscode.window.showWarningMessage('ZOPO: set an API key for the OpenAI-compatible endpoint first.', 'Set API Key');
        if (choice) await vscode.commands.executeCommand('zopo.setApiKey');
        return undefined;
      }
      return { provider: 'openai', baseUrl: settings.baseUrl, model: settings.model, embeddingModel: settings.embeddingModel, apiKey: key ?? 'none', endpoint: undefined };
    }
  }
}
