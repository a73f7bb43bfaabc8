import * as path from 'node:path';

/**
 * The instruction-induction datasets in the shared folder that sits beside the repository
 * (on developer machines and in CI alike).
 */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'instruction-induction');
