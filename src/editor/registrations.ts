import * as vscode from 'vscode';
import type { FieldMapping } from '../core/data/datasetTypes';
import type { LocatedPrompt, PromptTarget } from './promptTarget';

export interface RegisteredDataset {
  readonly uri: string;
  readonly mapping: FieldMapping;
}

const promptsKey = 'zopo.registeredPrompts.v2';
const datasetKey = 'zopo.registeredDataset.v2';

function sameTarget(a: PromptTarget, b: PromptTarget): boolean {
  if (a.uri !== b.uri || a.kind !== b.kind) return false;
  if (a.kind === 'literal' && b.kind === 'literal') return a.anchor.value === b.anchor.value && a.anchor.bindingName === b.anchor.bindingName;
  return true;
}

/** Registered prompts and the registered dataset, remembered per workspace. */
export class RegistrationStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  prompts(): readonly LocatedPrompt[] {
    return this.state.get<LocatedPrompt[]>(promptsKey, []);
  }

  dataset(): RegisteredDataset | undefined {
    return this.state.get<RegisteredDataset>(datasetKey);
  }

  async addPrompt(prompt: LocatedPrompt): Promise<void> {
    const others = this.prompts().filter((p) => !sameTarget(p.target, prompt.target));
    await this.state.update(promptsKey, [...others, prompt]);
    this.changed.fire();
  }

  async setDataset(dataset: RegisteredDataset): Promise<void> {
    await this.state.update(datasetKey, dataset);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
