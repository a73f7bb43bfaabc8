/**
 * The part of VS Code 1.100's proposed `chatProvider` API the fake model uses (read from the
 * extension host of code-server 4.100.3: `lm.registerChatModelProvider(id, provider, metadata)`).
 */
import 'vscode';

declare module 'vscode' {
  export interface ChatResponseFragment2 {
    index: number;
    part: LanguageModelTextPart;
  }

  export interface LanguageModelChatProvider {
    provideLanguageModelResponse(
      messages: LanguageModelChatMessage[],
      options: unknown,
      extensionId: string,
      progress: Progress<ChatResponseFragment2>,
      token: CancellationToken,
    ): Thenable<unknown>;
    provideTokenCount(text: string | LanguageModelChatMessage, token: CancellationToken): Thenable<number>;
  }

  export interface ChatResponseProviderMetadata {
    readonly vendor: string;
    readonly name: string;
    readonly family: string;
    readonly version: string;
    readonly maxInputTokens: number;
    readonly maxOutputTokens: number;
  }

  export namespace lm {
    export function registerChatModelProvider(id: string, provider: LanguageModelChatProvider, metadata: ChatResponseProviderMetadata): Disposable;
  }
}
