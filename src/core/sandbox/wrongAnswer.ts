/** Plausible wrong answers: another label, a nearby number, or another item's output. */
import { unitHash } from '../llm/hashedFeatures';
import type { TaskProfile } from './accuracyModel';
import type { SandboxDataset } from './sandboxTypes';

/** A wrong answer for `expected`, chosen deterministically from `key`. */
export function wrongAnswer(expected: string, dataset: SandboxDataset, profile: TaskProfile, key: string): string {
  const norm = expected.trim().toLowerCase();
  const labels = profile.labels.filter((label) => label !== norm);
  if (labels.length > 0) return pickBy(labels, key) ?? 'unknown';
  const number = Number(expected.trim());
  if (expected.trim() !== '' && Number.isFinite(number)) {
    const delta = 1 + Math.floor(unitHash(key, 7) * 3);
    return String(unitHash(key, 11) < 0.5 ? number - delta : number + delta);
  }
  const others = dataset.items.map((item) => item.output).filter((o) => o.trim().toLowerCase() !== norm);
  return pickBy(others, key) ?? 'I am not sure.';
}

function pickBy<T>(items: readonly T[], key: string): T | undefined {
  return items[Math.floor(unitHash(key, 3) * items.length)];
}
