/**
 * Starts code-server (VS Code 1.100.3 from npm, installed by scripts/setup-test-env.sh) on a
 * loopback port for the extension-host and UI tests, and stops it. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const codeServerBin = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  readonly workspace: string;
  /** Where extensions are installed; a fresh temporary one when omitted. */
  readonly extensionsDir?: string;
  /** Extra environment for the server and its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extension ids allowed to use proposed API (`--enable-proposed-api`). */
  readonly enableProposedApi?: readonly string[];
  readonly startTimeoutMs?: number;
}

export interface CodeServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly userDataDir: string;
  /** Everything the server printed, for failure reports. */
  output(): string;
  /** The workbench URL for the workspace, optionally with a launch payload. */
  workbenchUrl(payload?: readonly (readonly [string, string])[]): string;
  stop(): Promise<void>;
}

/** Makes a temporary directory that tests remove afterwards. */
export async function makeTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `zopo-${prefix}-`));
}

/** Copies the bundled example workspace to a temporary folder so tests never touch the repo's copy. */
export async function copyExampleWorkspace(name = 'antonyms'): Promise<string> {
  const target = path.join(await makeTempDir('ws'), name);
  await fs.cp(path.join(repoRoot, 'examples', name), target, { recursive: true });
  return target;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  const root = await makeTempDir('cs');
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(root, 'extensions');
  await fs.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fs.mkdir(extensionsDir, { recursive: true });
  await fs.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }),
  );
  const args = [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    ...(options.enableProposedApi ?? []).flatMap((id) => ['--enable-proposed-api', id]),
    options.workspace,
  ];
  const child = spawn(codeServerBin, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    port,
    baseUrl,
    userDataDir,
    output: () => log,
    workbenchUrl: (payload) => {
      const query = new URLSearchParams({ folder: options.workspace });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${baseUrl}/?${query.toString()}`;
    },
    stop: () => stopProcess(child),
  };
  try {
    await waitForHttp(`${baseUrl}/`, options.startTimeoutMs ?? 60_000, child);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${log}`);
  }
  return server;
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before serving`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status === 302 || status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs `code-server --install-extension <vsix>` into `extensionsDir`, bounded to 2 minutes. */
export async function installExtension(vsix: string, extensionsDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(codeServerBin, ['--install-extension', vsix, '--extensions-dir', extensionsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`installing ${vsix} failed (exit ${code}):\n${out}`));
    });
  });
}
