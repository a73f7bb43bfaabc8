import * as vscode from 'vscode';

/** A prompt the user registered: a file, or a range of text inside a file. */
export interface RegisteredPrompt {
  readonly uri: string;
  readonly text: string;
  /** One-based line where the prompt starts, for display. */
  readonly line: number;
}

export interface RegisteredDataset {
  readonly uri: string;
}

const promptsKey = 'zopo.registeredPrompts';
const datasetKey = 'zopo.registeredDataset';

/** Registered prompts and the registered dataset, remembered per workspace. */
export class RegistrationStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  prompts(): readonly RegisteredPrompt[] {
    return this.state.get<RegisteredPrompt[]>(promptsKey, []);
  }

  dataset(): RegisteredDataset | undefined {
    return this.state.get<RegisteredDataset>(datasetKey);
  }

  async addPrompt(prompt: RegisteredPrompt): Promise<void> {
    const others = this.prompts().filter((p) => !(p.uri === prompt.uri && p.line === prompt.line));
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
