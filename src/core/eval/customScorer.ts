/**
 * A user's own scorer: a JavaScript module exporting `(output, expected, example) =>
 * number | boolean | Promise<...>`. Loading it runs workspace code, so the caller must
 * say whether the workspace is trusted.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Example } from '../data/datasetTypes';
import { MetricError, type ScoreContext, type ScoreResult } from './scoreTypes';

/** The function a custom scorer module exports. */
export type CustomScoreFn = (output: string, expected: string, example: Example | undefined) => unknown;

/** Where and whether custom code may be loaded. */
export interface CustomScorerOptions {
  /** False in an untrusted workspace: loading is refused. */
  readonly allowCode: boolean;
  /** Directory a relative module path is resolved against (the workspace folder). */
  readonly baseDir?: string;
}

/** Loads `modulePath` and wraps its function as a scorer; every problem is a {@link MetricError}. */
export async function loadCustomScorer(modulePath: string, options: CustomScorerOptions) {
  if (!options.allowCode) {
    throw new MetricError(`custom scorer ${modulePath} not loaded: running workspace code is disabled in untrusted workspaces`);
  }
  const file = isAbsolute(modulePath) ? modulePath : resolve(options.baseDir ?? process.cwd(), modulePath);
  if (!existsSync(file) || !statSync(file).isFile()) throw new MetricError(`custom scorer module not found: ${file}`);
  const fn = pickFunction(await importModule(file), file);
  return async (output: string, expected: string, context: ScoreContext = {}): Promise<ScoreResult> =>
    toScoreResult(await fn(output, expected, context.example), file);
}

async function importModule(file: string): Promise<unknown> {
  try {
    const require = createRequire(__filename);
    delete require.cache[file]; // pick up edits made since the last run
    return require(file) as unknown;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM' && (e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ASYNC_MODULE') {
      throw new MetricError(`custom scorer ${file} failed to load: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    return (await import(pathToFileURL(file).href)) as unknown;
  } catch (e) {
    throw new MetricError(`custom scorer ${file} failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The module itself, its default export, or its `score` export, whichever is a function. */
function pickFunction(mod: unknown, file: string): CustomScoreFn {
  const record = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>) : {};
  for (const candidate of [mod, record['default'], record['score']]) {
    if (typeof candidate === 'function') return candidate as CustomScoreFn;
  }
  const keys = Object.keys(record);
  const found = keys.length > 0 ? `it exports ${keys.join(', ')}` : 'it exports nothing';
  throw new MetricError(`custom scorer ${file} exports no function: export one as module.exports, default or score (${found})`);
}

function toScoreResult(value: unknown, file: string): ScoreResult {
  if (typeof value === 'boolean') return { score: value ? 1 : 0 };
  if (typeof value === 'number' && value >= 0 && value <= 1) return { score: value };
  if (typeof value === 'object' && value !== null && typeof (value as { score?: unknown }).score === 'number') {
    const { score, detail } = value as { score: number; detail?: unknown };
    if (score >= 0 && score <= 1) return typeof detail === 'string' ? { score, detail } : { score };
  }
  throw new MetricError(`custom scorer ${file} returned ${describe(value)}; expected a number in [0, 1] or a boolean`);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value).slice(0, 80);
  } catch {
    return typeof value;
  }
}
