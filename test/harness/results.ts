/** The result file the extension-host suite writes, shared by the suite and the Node-side harness. */
import { promises as fs } from 'node:fs';

export interface TestFailure {
  readonly title: string;
  readonly error: string;
}

export interface SuiteResults {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly TestFailure[];
  readonly titles: readonly string[];
  /** Numbers the suite measured on the way (printed, never asserted). */
  readonly measurements?: readonly string[];
}

/** Where a test leaves a measurement for the harness to print. */
export function recordMeasurement(line: string): void {
  const g = globalThis as { zopoMeasurements?: string[] };
  (g.zopoMeasurements ??= []).push(line);
}

export function takeMeasurements(): string[] {
  return (globalThis as { zopoMeasurements?: string[] }).zopoMeasurements ?? [];
}

/** Waits up to `timeoutMs` for the suite's result file; undefined on time-out. */
export async function readResults(file: string, timeoutMs: number): Promise<SuiteResults | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as SuiteResults;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return undefined;
}

export function formatResults(layer: string, results: SuiteResults): string {
  const lines = results.titles.map((t) => `  ✓ ${t}`);
  for (const f of results.failures) lines.push(`  ✗ ${f.title}\n      ${f.error.split('\n').join('\n      ')}`);
  for (const m of results.measurements ?? []) lines.push(`  measured: ${m}`);
  lines.push(`${layer}: ${results.passed} passed, ${results.failed} failed`);
  return lines.join('\n');
}
