/** Shared assertion helper: run `fn`, expect a DatasetError, return it. */
import assert from 'node:assert/strict';
import { DatasetError } from '../../../src/core/data/datasetError';

export function datasetError(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  assert.fail('expected a DatasetError');
}

/** Awaits `promise`, expecting it to reject with a DatasetError. */
export async function rejectsWithDatasetError(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  assert.fail('expected a DatasetError');
}
