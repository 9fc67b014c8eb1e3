import { cliMain } from './bench-paths.js';
import { describeFailure, runCommand } from './run-command.js';

const SYNC_TIMEOUT_MS = 15 * 60_000;

/** The counters that `scaidrive sync --json` prints as the last line of stdout. */
export interface SyncSummary {
  readonly filesUploaded: number;
  readonly filesDownloaded: number;
  readonly bytesUploaded: number;
  readonly bytesDownloaded: number;
  readonly chunksUploaded: number;
  readonly chunksReused: number;
  readonly errors?: number;
  readonly durationMs?: number;
}

export interface SyncRun {
  readonly summary: SyncSummary;
  /** Wall time of the CLI process, from spawn to exit, including Node's start-up. */
  readonly elapsedMs: number;
}

export interface SyncTarget {
  readonly url: string;
  readonly token: string;
}

/**
 * Runs `scaidrive sync FOLDER --server URL --token T --json` in a child process and returns the
 * parsed summary. A non-zero exit, a missing summary or a summary with errors throws.
 */
export async function runSync(folder: string, target: SyncTarget): Promise<SyncRun> {
  const args = [cliMain, 'sync', folder, '--server', target.url, '--token', target.token, '--json'];
  const result = await runCommand(process.execPath, args, { timeoutMs: SYNC_TIMEOUT_MS });
  if (result.exitCode !== 0) throw new Error(describeFailure(`scaidrive sync ${folder}`, result));
  const summary = parseSummary(result.stdout, folder);
  if ((summary.errors ?? 0) > 0) {
    throw new Error(
      `scaidrive sync ${folder} reported ${summary.errors} errors:\n${result.stderr}`,
    );
  }
  return { summary, elapsedMs: result.elapsedMs };
}

function parseSummary(stdout: string, folder: string): SyncSummary {
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(lastLine);
  } catch {
    throw new Error(`scaidrive sync ${folder} printed no JSON summary; last line: ${lastLine}`);
  }
  const summary = parsed as Partial<SyncSummary>;
  for (const field of ['bytesUploaded', 'bytesDownloaded', 'chunksUploaded', 'chunksReused']) {
    if (typeof summary[field as keyof SyncSummary] !== 'number') {
      throw new Error(`scaidrive sync ${folder} summary lacks the number ${field}: ${lastLine}`);
    }
  }
  return summary as SyncSummary;
}
