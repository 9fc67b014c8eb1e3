import type { BenchRow } from '../bench-row.js';
import { formatBytes, formatCount, formatSeconds } from '../report/format-units.js';
import type { ChunkingSpeed } from '../support/chunking-speed.js';
import type { SyncRun } from '../support/cli-sync.js';
import type { RequestTiming } from '../support/request-timings.js';
import type { HashSpeed } from '../support/sha256-speed.js';

const SECTION = 'upload';
const MIB = 1024 * 1024;

function ratioText(megabytesPerSecond: number, hash: HashSpeed): string {
  return `${(megabytesPerSecond / hash.megabytesPerSecond).toFixed(3)}x SHA-256`;
}

/** Builds the row of single-core SHA-256 speed, which the other rows are compared with. */
export function hashRow(speed: HashSpeed): BenchRow {
  return {
    section: SECTION,
    case: 'SHA-256, one core',
    metric: 'throughput',
    value: speed.megabytesPerSecond,
    unit: 'MB/s',
    details: `node:crypto, best of ${speed.passes} passes over ${speed.bufferBytes / MIB} MiB`,
    data: { ...speed },
  };
}

/** Builds the row of the client's chunker alone on the generated file, read from page cache. */
export function chunkingRow(label: string, speed: ChunkingSpeed, hash: HashSpeed): BenchRow {
  return {
    section: SECTION,
    case: label,
    metric: 'chunking throughput',
    value: speed.megabytesPerSecond,
    unit: 'MB/s',
    reference: ratioText(speed.megabytesPerSecond, hash),
    details: `${formatCount(speed.chunks, 'chunk')} in ${formatSeconds(speed.elapsedMs)}, one core`,
    data: { ...speed, ratioToSha256: speed.megabytesPerSecond / hash.megabytesPerSecond },
  };
}

/** One `scaidrive sync` that moved a file, with the server time its requests took. */
export interface Transfer {
  readonly direction: 'upload' | 'download';
  readonly fileSize: number;
  readonly run: SyncRun;
  readonly serverTimes: Readonly<Record<string, RequestTiming>>;
}

function describeServerTimes(times: Readonly<Record<string, RequestTiming>>): string {
  const parts = Object.entries(times)
    .filter(([, timing]) => timing.requests > 0)
    .map(([name, timing]) => `${formatSeconds(timing.totalMs)} in ${name}`);
  return parts.length > 0 ? `; server ${parts.join(', ')}` : '';
}

/** Builds the row of wall-time throughput of one `scaidrive sync` that moved a file. */
export function transferRow(label: string, transfer: Transfer, hash: HashSpeed): BenchRow {
  const { direction, fileSize, run } = transfer;
  const rate = fileSize / 1e6 / (run.elapsedMs / 1000);
  const { bytesUploaded, bytesDownloaded, chunksUploaded } = run.summary;
  const moved = direction === 'upload' ? bytesUploaded : bytesDownloaded;
  const chunks = direction === 'upload' ? `, ${formatCount(chunksUploaded, 'chunk')}` : '';
  const timing = `${formatBytes(moved)} in ${formatSeconds(run.elapsedMs)}${chunks}`;
  return {
    section: SECTION,
    case: label,
    metric: `${direction} throughput`,
    value: rate,
    unit: 'MB/s',
    reference: ratioText(rate, hash),
    details: `${timing}${describeServerTimes(transfer.serverTimes)}`,
    data: {
      summary: run.summary,
      elapsedMs: run.elapsedMs,
      ratioToSha256: rate / hash.megabytesPerSecond,
      serverTimes: transfer.serverTimes,
    },
  };
}
