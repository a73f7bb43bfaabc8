import * as vscode from 'vscode';
import type { Settings } from './settings';

/**
 * The models of a `vscode-lm` run: the chat model answers, and `zopo.judgeModel` /
 * `zopo.generatorModel` name other chat models VS Code offers, by id or by family (the
 * names "Choose Chat Model" shows). The loopback endpoint asks whichever model a request
 * names; a name VS Code has no model for is refused before the run starts.
 */
export class LanguageModelSet {
  private readonly found = new Map<string, vscode.LanguageModelChat>();

  constructor(readonly chat: vscode.LanguageModelChat) {}

  /** The model a request names: the chat model for none or its own id, else by id, then by family. */
  async resolve(name: string | undefined): Promise<vscode.LanguageModelChat | undefined> {
    if (name === undefined || name === '' || name === this.chat.id) return this.chat;
    const seen = this.found.get(name);
    if (seen !== undefined) return seen;
    const model = await findChatModel(name);
    if (model !== undefined) this.found.set(name, model);
    return model;
  }
}

/** A chat model VS Code offers with this id, or else of this family; undefined when there is none. */
export async function findChatModel(name: string): Promise<vscode.LanguageModelChat | undefined> {
  const [byId] = await vscode.lm.selectChatModels({ id: name });
  if (byId !== undefined) return byId;
  const [byFamily] = await vscode.lm.selectChatModels({ family: name });
  return byFamily;
}

/** Why a vscode-lm run cannot start with the judge or writer model of the settings, or undefined when it can. */
export async function missingModelsProblem(settings: Settings, models: LanguageModelSet): Promise<string | undefined> {
  const named: [string, string][] = [];
  if (settings.metric === 'judge' && settings.judgeModel !== '') named.push(['zopo.judgeModel', settings.judgeModel]);
  if (settings.generatorModel !== '') named.push(['zopo.generatorModel', settings.generatorModel]);
  const missing: string[] = [];
  for (const [setting, name] of named) if ((await models.resolve(name)) === undefined) missing.push(`${setting} "${name}"`);
  if (missing.length === 0) return undefined;
  const offered = (await vscode.lm.selectChatModels({})).map((m) => `${m.id} (family ${m.family})`);
  return `ZOPO: VS Code's Language Model API has no chat model with the id or family of ${missing.join(' or ')}. `
    + `It offers: ${offered.join(', ')}. Set a model id or family from that list, or clear the setting to use the chat model.`;
}
