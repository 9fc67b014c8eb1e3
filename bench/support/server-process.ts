import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { signDevToken } from '@scaidrive/auth';
import { serverMain } from './bench-paths.js';

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;
const READY_PATTERN = /ScaiDrive is running at (http:\/\/\S+)/;

/** Variables that would move the server off the embedded default if inherited from the shell. */
const OVERRIDDEN_VARIABLES = [
  'DATABASE_URL',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'CHUNK_STORE',
  'CHUNK_STORE_DIR',
  'OIDC_ISSUER',
  'DEV_ISSUER_ENABLED',
  'RUN_PROJECTIONS',
  'HOST',
];

/** A ScaiDrive server in a child process on the embedded default, listening on loopback. */
export class ServerProcess {
  private static readonly running = new Set<ChildProcess>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    readonly logFolder: string,
  ) {}

  /** The server's JSON log, one pino entry per line. */
  get logFile(): string {
    return join(this.logFolder, 'server.log');
  }

  /**
   * Starts `dist/apps/api/src/main.js` with a fresh data folder and a free port, and waits until
   * it prints its URL and `GET /api/v1/health` returns 200. The JSON log (stdout) goes to
   * `server.log` and stderr to `server-stderr.log` in `logFolder`.
   */
  static async start(dataDir: string, logFolder: string): Promise<ServerProcess> {
    const logFile = join(logFolder, 'server.log');
    // Level info (the default) logs every completed request with its response time.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SCAIDRIVE_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    for (const name of OVERRIDDEN_VARIABLES) delete env[name];
    const logDescriptor = openSync(logFile, 'w');
    const child = spawn(process.execPath, [serverMain], {
      env,
      stdio: ['ignore', logDescriptor, 'pipe'],
    });
    closeSync(logDescriptor);
    ServerProcess.running.add(child);
    child.once('exit', () => ServerProcess.running.delete(child));
    child.stderr!.pipe(createWriteStream(join(logFolder, 'server-stderr.log')));
    const url = await waitForUrl(child, logFolder);
    const server = new ServerProcess(child, url, dataDir, logFolder);
    try {
      await server.waitUntilHealthy();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Sends SIGINT to every server still running, without waiting, for a process about to exit. */
  static interruptAll(): void {
    for (const child of ServerProcess.running) child.kill('SIGINT');
  }

  /** Signs a development token for `user`, with the key in the server's data folder. */
  token(user: string): Promise<string> {
    return signDevToken({ dataDir: this.dataDir, user });
  }

  /**
   * Sends SIGINT to the server alone (not its embedded PostgreSQL) and waits for it to exit, with
   * SIGKILL after a minute. Returns null after a clean exit, else what went wrong, because a
   * failed shutdown does not void the measurements taken before it.
   */
  async stop(): Promise<string | null> {
    const { exitCode, signalCode } = this.child;
    if (exitCode !== null || signalCode !== null) {
      return `server had already exited with ${signalCode ?? exitCode}; see ${this.logFolder}`;
    }
    const exited = once(this.child, 'exit');
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    if (code === 0) return null;
    return `server exited with ${signal ?? code} on SIGINT; see ${this.logFolder}`;
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const response = await fetch(`${this.url}/api/v1/health`).catch(() => null);
      if (response?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.url}/api/v1/health did not return 200; see ${this.logFolder}`);
  }
}

function waitForUrl(child: ChildProcess, logFolder: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`server printed no URL within ${START_TIMEOUT_MS} ms; see ${logFolder}`));
    }, START_TIMEOUT_MS);
    const onData = (data: Buffer) => {
      stderr += data.toString('utf8');
      const match = READY_PATTERN.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve(match[1]);
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${signal ?? code} before it started; see ${logFolder}`));
    });
  });
}
