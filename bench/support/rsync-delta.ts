import { describeFailure, runCommand } from './run-command.js';

const RSYNC_TIMEOUT_MS = 5 * 60_000;

/** Transfer counters from `rsync --stats`, in bytes. */
export interface RsyncCounters {
  readonly totalBytesSent: number;
  readonly totalBytesReceived: number;
  readonly literalData: number;
  readonly matchedData: number;
}

export interface RsyncStats extends RsyncCounters {
  readonly elapsedMs: number;
}

/** Returns rsync's version line, or null when rsync is not installed or does not run. */
export async function rsyncVersion(): Promise<string | null> {
  try {
    const result = await runCommand('rsync', ['--version'], { timeoutMs: 10_000 });
    return result.exitCode === 0 ? result.stdout.split('\n')[0].replace(/\s+/g, ' ').trim() : null;
  } catch {
    return null;
  }
}

/**
 * Updates `target` to the content of `source` with rsync's delta algorithm and returns its
 * counters. A local copy would send whole files, so `--no-whole-file` forces the algorithm, and
 * `--ignore-times` stops rsync skipping a file whose size and mtime happen to match.
 */
export async function rsyncDelta(source: string, target: string): Promise<RsyncStats> {
  const args = ['--no-whole-file', '--ignore-times', '--stats', source, target];
  // The C locale pins the digit separator to a comma.
  const env = { ...process.env, LC_ALL: 'C' };
  const result = await runCommand('rsync', args, { env, timeoutMs: RSYNC_TIMEOUT_MS });
  if (result.exitCode !== 0) throw new Error(describeFailure('rsync', result));
  return { ...parseRsyncStats(result.stdout), elapsedMs: result.elapsedMs };
}

/** Parses the counters of `rsync --stats` output and throws when one of them is missing. */
export function parseRsyncStats(output: string): RsyncCounters {
  return {
    totalBytesSent: readCounter(output, 'Total bytes sent'),
    totalBytesReceived: readCounter(output, 'Total bytes received'),
    literalData: readCounter(output, 'Literal data'),
    matchedData: readCounter(output, 'Matched data'),
  };
}

/** Reads a counter such as `Literal data: 1,048,576 bytes`, with digits grouped by commas. */
function readCounter(output: string, label: string): number {
  const match = new RegExp(`^${label}: ([\\d,]+)`, 'm').exec(output);
  if (!match) throw new Error(`rsync --stats printed no "${label}" line:\n${output}`);
  return Number(match[1].replace(/,/g, ''));
}
