/**
 * Decides, per request, which fault (if any) the sandbox injects and how long it waits:
 * scripted one-shot faults first, then seeded dice against the configured rates.
 */
import type { SandboxFaultKind, SandboxFaults } from './sandboxTypes';
import { seededRandom } from './seededRandom';

/** Holds the current fault configuration; changeable while the server runs. */
export class FaultInjector {
  private faults: SandboxFaults;
  private script: SandboxFaultKind[];
  private readonly random: () => number;

  constructor(faults: SandboxFaults, seed: number) {
    this.faults = faults;
    this.script = [...(faults.script ?? [])];
    this.random = seededRandom(seed ^ 0x9e3779b9);
  }

  /** Replaces the configuration and any script left over. */
  set(faults: SandboxFaults): void {
    this.faults = faults;
    this.script = [...(faults.script ?? [])];
  }

  /** The fault for the next request. */
  next(): SandboxFaultKind {
    const scripted = this.script.shift();
    if (scripted !== undefined) return scripted;
    const f = this.faults;
    const rolls: [SandboxFaultKind, number | undefined][] = [
      ['rateLimit', f.rateLimitRate],
      ['serverError', f.serverErrorRate],
      ['malformed', f.malformedRate],
      ['drop', f.dropRate],
      ['hang', f.hangRate],
      ['drip', f.dripRate],
      ['unauthorized', f.unauthorizedRate],
      ['notFound', f.notFoundRate],
      ['badRequest', f.badRequestRate],
      ['contextLength', f.contextLengthRate],
      ['emptyChoices', f.emptyChoicesRate],
      ['reset', f.resetRate],
    ];
    for (const [kind, rate] of rolls) {
      if (rate !== undefined && rate > 0 && this.random() < rate) return kind;
    }
    return 'none';
  }

  /** Delay before the next response, in ms. */
  delayMs(): number {
    const jitter = this.faults.jitterMs ?? 0;
    return (this.faults.latencyMs ?? 0) + (jitter > 0 ? this.random() * jitter : 0);
  }

  /** Milliseconds between the bytes of a dripped body. */
  dripIntervalMs(): number {
    return this.faults.dripIntervalMs ?? 2000;
  }

  /** Retry-After to send with a 429, in seconds. */
  retryAfterSeconds(): number {
    return this.faults.retryAfterSeconds ?? 1;
  }
}
