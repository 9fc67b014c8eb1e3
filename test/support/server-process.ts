import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The compiled server (`npm start` without the build) running as a child process. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and waits until its health check answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      env: {
        ...process.env,
        SCAIDRIVE_DATA_DIR: this.dataDir,
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, so a test can send a signal to it the way Ctrl-C does.
      detached: true,
    });
    this.child = child;
    child.stdout!.on('data', (data: Buffer) => (this.output += data.toString()));
    child.stderr!.on('data', (data: Buffer) => (this.output += data.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/api/v1/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`server did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * Sends a signal and waits for the process to exit; returns its exit code. With group, the
   * signal goes to the whole process group, embedded PostgreSQL included, as Ctrl-C does.
   */
  async stop(
    signal: NodeJS.Signals = 'SIGINT',
    timeoutMs = 30_000,
    group = false,
  ): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    if (group) process.kill(-child.pid!, signal);
    else child.kill(signal);
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`server did not exit after ${signal}`)), timeoutMs),
    );
    return Promise.race([exited, timer]);
  }
}

/** Runs the compiled server once with extra environment and returns its exit code and output. */
export async function runServerOnce(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
