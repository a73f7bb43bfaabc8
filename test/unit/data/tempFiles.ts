/** Temporary files for loader tests, removed after the suite. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory; call `cleanup` in an `after` hook. */
export function scratchDir(): { write(name: string, text: string): string; path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'zopo-data-'));
  return {
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text, 'utf8');
      return file;
    },
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
