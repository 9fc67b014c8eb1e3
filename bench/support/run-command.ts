import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** Error for a command that is not installed, so callers can skip a measurement and report it. */
export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';

  constructor(readonly command: string) {
    super(`${command} was not found on PATH`);
  }
}

/**
 * Runs a program to its end, capturing stdout and stderr, and measures its wall time. The child is
 * killed with SIGKILL when it runs longer than `timeoutMs`, which then shows as `signal`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => stdout.push(data));
    child.stderr.on('data', (data: Buffer) => stderr.push(data));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new CommandNotFoundError(command) : error);
    });
    child.on('close', (exitCode, signal) => {
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        elapsedMs: performance.now() - started,
      });
    });
  });
}

/** Describes how a command ended, with the end of its stderr, for an error message. */
export function describeFailure(name: string, result: CommandResult): string {
  const ending = result.signal
    ? `was killed by ${result.signal}`
    : `exited with ${result.exitCode}`;
  const tail = result.stderr.trim().split('\n').slice(-15).join('\n');
  return `${name} ${ending}${tail ? `:\n${tail}` : ''}`;
}
