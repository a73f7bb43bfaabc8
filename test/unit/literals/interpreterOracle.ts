/**
 * Independent checks of rendered literals with the real interpreters: Node's `vm` for
 * JavaScript and `python3` for Python, so the tests do not only trust our own decoder.
 * Substitutions evaluate to their own placeholder text, which is how values spell them.
 */
import { spawnSync } from 'node:child_process';
import * as vm from 'node:vm';

/** One literal to evaluate, the value it must have, and optionally a whole file to compile. */
export interface OracleCase {
  readonly literalText: string;
  readonly expected: string;
  readonly file?: string;
}

/** The value of a JavaScript literal expression, with each of `variables` bound to `${name}`. */
export function evaluateJs(literalText: string, variables: readonly string[]): unknown {
  const context = Object.fromEntries(variables.map((v) => [v, `\${${v}}`]));
  return vm.runInNewContext(`(${literalText})`, context) as unknown;
}

/** Whether `python3` can be run here. */
export function hasPython(): boolean {
  const probe = spawnSync('python3', ['-c', 'pass'], { encoding: 'utf8' });
  return probe.status === 0;
}

const PY_CHECK = `
import json, sys
cases, variables = json.load(sys.stdin)
env = {name: "{" + name + "}" for name in variables}
failures = []
for case in cases:
    try:
        if case.get("file") is not None:
            compile(case["file"], "<fixture>", "exec")
        value = eval("(" + case["literalText"] + "\\n)", dict(env))
        if value != case["expected"]:
            failures.append({"case": case, "got": value})
    except SyntaxError as error:
        failures.append({"case": case, "error": str(error)})
print(json.dumps(failures))
`;

/** The cases `python3` evaluates differently from `expected` (or cannot compile). */
export function pythonMismatches(cases: readonly OracleCase[], variables: readonly string[]): unknown[] {
  const run = spawnSync('python3', ['-W', 'ignore', '-c', PY_CHECK], { input: JSON.stringify([cases, variables]), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}
