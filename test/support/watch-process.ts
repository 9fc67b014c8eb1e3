import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'scaidrive.js');

/** One JSON line that `scaidrive sync --watch --json` prints per pass. */
export interface PassSummary {
  readonly pass: number;
  readonly triggers: readonly string[];
  readonly [counter: string]: unknown;
}

export interface WatchProcessOptions {
  readonly folder: string;
  readonly serverUrl: string;
  readonly token: string;
  /** Extra command-line options, such as `--debounce 200`. */
  readonly args?: readonly string[];
}

/** Counters of a pass that show it changed something or left something undone. */
const ACTIVITY = [
  'filesUploaded',
  'filesDownloaded',
  'filesDeleted',
  'filesMoved',
  'foldersCreated',
  'conflicts',
  'errors',
  'deferred',
];

/** A `scaidrive sync --watch --json` child process (the built CLI) and what it printed. */
export class WatchProcess {
  readonly passes: PassSummary[] = [];
  stderr = '';
  /** Time (Date.now()) of the last pass that changed something or left something undone. */
  lastActivityAt = Date.now();
  private stdoutRest = '';
  private readonly exit: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (data: Buffer) => this.readLines(data.toString()));
    child.stderr!.on('data', (data: Buffer) => (this.stderr += data.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(options: WatchProcessOptions): WatchProcess {
    const args = [CLI, 'sync', options.folder, '--watch', '--json'];
    args.push('--server', options.serverUrl, ...(options.args ?? []));
    const child = spawn(process.execPath, args, {
      env: { ...process.env, SCAIDRIVE_TOKEN: options.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WatchProcess(child);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends `signal` unless the process has exited. */
  signal(signal: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(signal);
  }

  /** Sends `signal` and returns the exit code; kills the process if it outlives `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGINT', timeoutMs = 30_000): Promise<number | null> {
    if (!this.exited) this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.exit, timeout]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return outcome;
    this.child.kill('SIGKILL');
    throw new Error(`sync --watch did not exit within ${timeoutMs} ms of ${signal}`);
  }

  /** Returns the lines of stderr that contain `text`. */
  stderrLines(text: string): string[] {
    return this.stderr.split('\n').filter((line) => line.includes(text));
  }

  private readLines(text: string): void {
    const lines = (this.stdoutRest + text).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const summary = JSON.parse(line) as PassSummary;
      this.passes.push(summary);
      if (ACTIVITY.some((counter) => Number(summary[counter] ?? 0) > 0)) {
        this.lastActivityAt = Date.now();
      }
    }
  }
}
