/**
 * Runs the extension-host suite (test/extension, standard @vscode/test-electron layout) inside
 * code-server: loads the extension from this folder as a development extension, opens the
 * workbench in headless Chromium, and waits for the suite's result file. Exits non-zero on any
 * failure or when the suite does not finish in time.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from './browser';
import { copyExampleWorkspace, makeTempDir, repoRoot, startCodeServer } from './codeServer';
import { formatResults, readResults } from './results';

const suiteTimeoutMs = Number(process.env.ZOPO_EXT_TEST_TIMEOUT_MS ?? 240_000);
const artifacts = path.join(repoRoot, 'test-results', 'extension');

async function main(): Promise<number> {
  await fs.mkdir(artifacts, { recursive: true });
  const workspace = await copyExampleWorkspace();
  const resultsFile = path.join(await makeTempDir('results'), 'results.json');
  // The fake chat model (test/extension/fake-lm, built to out/test/fake-lm) is installed as an
  // ordinary extension: code-server takes one development path only. It uses proposed API.
  const extensionsDir = await makeTempDir('ext');
  await fs.cp(path.join(repoRoot, 'out', 'test', 'fake-lm'), path.join(extensionsDir, 'zopo-test.fake-lm-0.0.1'), { recursive: true });
  const server = await startCodeServer({
    workspace, extensionsDir, env: { ZOPO_TEST_RESULTS: resultsFile, ZOPO_TEST_WORKSPACE: workspace }, enableProposedApi: ['zopo-test.fake-lm'],
  });
  const browser = await launchChromium();
  try {
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const url = server.workbenchUrl([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'extension', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url, { timeout: 60_000 });
    const results = await readResults(resultsFile, suiteTimeoutMs);
    await page.screenshot({ path: path.join(artifacts, 'workbench-after-suite.png') }).catch(() => undefined);
    if (!results) {
      console.error(`The extension-host suite did not finish within ${suiteTimeoutMs} ms.`);
      console.error(server.output().split('\n').slice(-40).join('\n'));
      return 1;
    }
    console.log(formatResults('extension host (code-server)', results));
    return results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
