/** Type guards for values read back from the cache, which is only JSON on disk. */
import type { ChatValue } from './llmTypes';

/** Whether a cached value is a usable chat completion. */
export function isChatValue(value: unknown): value is ChatValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.texts) &&
    v.texts.every((t) => typeof t === 'string') &&
    Array.isArray(v.finishReasons) &&
    typeof v.promptTokens === 'number' &&
    typeof v.completionTokens === 'number'
  );
}

/** Whether a cached value is an embedding vector. */
export function isVectorList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number');
}
