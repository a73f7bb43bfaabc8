/** What the CLI touches of its process, passed in so tests can run `main` in-process. */
import type { TextOut } from './progressView';

/** Streams, environment, working directory and the Ctrl-C signals. */
export interface CliIo {
  readonly stdout: TextOut;
  readonly stderr: TextOut;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted by the first Ctrl-C: finish the requests in flight, save, exit 130. */
  readonly stopSignal?: AbortSignal;
  /** Aborted by a second Ctrl-C: stop at once, save, exit 130. */
  readonly cancelSignal?: AbortSignal;
}

/** Exit statuses. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
