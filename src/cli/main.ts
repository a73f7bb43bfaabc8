/**
 * The `zopo` command line. `main(argv, io)` is the whole program and returns the exit
 * status, so tests run it in-process; run as a script it wires the real process: streams,
 * environment, and Ctrl-C (the first stops gracefully and saves, the second at once).
 */
import { version } from '../../package.json';
import { EXIT, type CliIo } from './cliIo';
import { evalCommand } from './evalCommand';
import { optimizeCommand } from './optimizeCommand';
import { MAIN_USAGE } from './usageText';

/** Runs `zopo <argv>` (arguments after the program name) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(MAIN_USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  if (command === 'optimize') return optimizeCommand(rest, io);
  if (command === 'eval') return evalCommand(rest, io);
  io.stderr.write(`zopo: unknown command "${command}"\nRun "zopo --help" for the commands.\n`);
  return EXIT.usage;
}

/** After a second Ctrl-C, the run has this long to save and return before the process exits anyway. */
const CANCEL_GRACE_MS = 3000;

/**
 * Ctrl-C handling for the real process: the first stops gracefully (no new requests; those
 * in flight finish), the second cancels the requests in flight and exits 130 within
 * {@link CANCEL_GRACE_MS} whatever is still running; a third exits at once. What a run has
 * finished is already on disk (the journal is appended as it goes), so both keep it.
 */
function interruptSignals(stderr: NodeJS.WritableStream): { stop: AbortController; cancel: AbortController } {
  const stop = new AbortController();
  const cancel = new AbortController();
  process.on('SIGINT', () => {
    if (!stop.signal.aborted) {
      stderr.write('\nzopo: stopping: no new requests; finishing those in flight and saving (Ctrl-C again to stop at once)\n');
      stop.abort();
    } else if (!cancel.signal.aborted) {
      stderr.write('zopo: stopping at once\n');
      cancel.abort();
      setTimeout(() => process.exit(EXIT.interrupted), CANCEL_GRACE_MS).unref();
    } else {
      process.exit(EXIT.interrupted);
    }
  });
  return { stop, cancel };
}

if (require.main === module) {
  const { stop, cancel } = interruptSignals(process.stderr);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    stopSignal: stop.signal,
    cancelSignal: cancel.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`zopo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
