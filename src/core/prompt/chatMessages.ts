/** Turns a prompt template and one example into the chat messages sent to the model. */
import type { Example } from '../data/datasetTypes';
import { renderTemplate, type PromptTemplate } from './promptTemplate';

/** One chat message, in the shape OpenAI-compatible APIs take. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/**
 * A prompt with variables is filled from the example and sent as the user message. A prompt
 * with none is an instruction: it goes in the system message and the example's input is
 * the user message. `bindings` maps a variable to a differently named input field.
 */
export function buildMessages(template: PromptTemplate, example: Example, bindings: Readonly<Record<string, string>> = {}): ChatMessage[] {
  if (template.variables.length === 0) {
    return [
      { role: 'system', content: template.text },
      { role: 'user', content: exampleInputText(example) },
    ];
  }
  const values: Record<string, string> = {};
  for (const variable of template.variables) {
    const value = example.inputs[bindings[variable] ?? variable];
    if (value !== undefined) values[variable] = value;
  }
  return [{ role: 'user', content: renderTemplate(template, values) }];
}

/** The example's input as one text: the value itself for one field, `field: value` lines for several. */
export function exampleInputText(example: Example): string {
  const entries = Object.entries(example.inputs);
  if (entries.length === 1) return entries[0]?.[1] ?? '';
  return entries.map(([field, value]) => `${field}: ${value}`).join('\n');
}
