/**
 * The extension-host suite's entry point in the @vscode/test-electron layout: VS Code calls
 * `run()` inside the extension host. Results also go to the file named by ZOPO_TEST_RESULTS,
 * which the code-server harness waits for.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { takeMeasurements, type SuiteResults, type TestFailure } from '../harness/results';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  const files = (await fs.readdir(__dirname)).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const results = await new Promise<SuiteResults>((resolve) => {
    const titles: string[] = [];
    const failures: TestFailure[] = [];
    const runner = mocha.run();
    runner.on('pass', (test) => titles.push(test.fullTitle()));
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: err.stack ?? String(err) }));
    runner.on('end', () => resolve({ passed: titles.length, failed: failures.length, failures, titles, measurements: takeMeasurements() }));
  });
  const out = process.env.ZOPO_TEST_RESULTS;
  if (out) await fs.writeFile(out, JSON.stringify(results));
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
