/**
 * Runs through VS Code's Language Model API: the editor serves the chat model on a loopback
 * proxy that listens on a fresh port, with a fresh key, in every session (a window reload
 * starts a new one). Such a run is recorded as such (the config's `languageModelApi`): its
 * stored base URL is only the first session's, so a resume sends its calls to the proxy of
 * its own session, and cache keys name the endpoint by what it is, not by the port. Any
 * other run must be resumed at the very endpoint it recorded.
 */
import type { RunConfig } from './runConfig';
import type { EndpointChoice } from './runStamp';

/** How cache keys name VS Code's Language Model API (the model id is in the key beside it). */
export const LANGUAGE_MODEL_API_ENDPOINT = 'vscode-lm:';

/** The base URL this session's calls go to: the session's own proxy for a Language Model API run. */
export function sessionBaseUrl(config: RunConfig, endpoint: EndpointChoice | undefined): string {
  return config.languageModelApi === true && endpoint?.languageModelApi === true ? endpoint.baseUrl : config.baseUrl;
}

/** The name cache keys give the endpoint instead of its URL; undefined: the URL itself. */
export function cacheEndpointOf(config: RunConfig): string | undefined {
  return config.languageModelApi === true ? LANGUAGE_MODEL_API_ENDPOINT : undefined;
}

/**
 * Why `endpoint` (the one a resume would use; undefined when the caller does not choose one,
 * as the CLI) cannot continue the run of `config`: [] when it can.
 */
export function endpointProblems(config: RunConfig, endpoint: EndpointChoice | undefined): string[] {
  const problems: string[] = [];
  if (config.languageModelApi === true) {
    if (endpoint === undefined) problems.push('the run went through VS Code\'s Language Model API, which only the editor serves: resume it in VS Code with zopo.provider "vscode-lm"');
    else if (endpoint.languageModelApi !== true) problems.push(`the run went through VS Code's Language Model API, not the endpoint ${endpoint.baseUrl || '(default)'}`);
  } else if (endpoint?.languageModelApi === true) {
    problems.push(`the run used the endpoint ${config.baseUrl || '(default)'}, not VS Code's Language Model API`);
  } else if (endpoint !== undefined && endpoint.baseUrl !== config.baseUrl) {
    problems.push(`the run used the endpoint ${config.baseUrl || '(default)'}, not ${endpoint.baseUrl || '(default)'}`);
  }
  if (endpoint !== undefined && endpoint.model !== config.model) problems.push(`the run used the model ${config.model}, not ${endpoint.model}`);
  return problems;
}
