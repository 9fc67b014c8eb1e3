import { formatBytes } from '../progress/format-bytes.js';
import type { SyncStats } from './sync-stats.js';

/** Returns the one-line summary of a pass that `scaidrive sync` prints without `--json`. */
export function summarizeStats(stats: SyncStats): string {
  const summary = stats.toJSON();
  return [
    `uploaded ${summary.filesUploaded} files (${formatBytes(summary.bytesUploaded)} in ` +
      `${summary.chunksUploaded} chunks, ${summary.chunksReused} chunks reused)`,
    `downloaded ${summary.filesDownloaded} files (${formatBytes(summary.bytesDownloaded)})`,
    `deleted ${summary.filesDeleted}`,
    `moved ${summary.filesMoved}`,
    `conflicts ${summary.conflicts}`,
    ...(summary.rejected > 0 ? [`rejected ${summary.rejected}`] : []),
    `in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join(', ');
}

/** Returns whether a pass changed anything locally or remotely, or left something undone. */
export function hasActivity(stats: SyncStats): boolean {
  return (
    stats.filesUploaded +
      stats.filesDownloaded +
      stats.filesDeleted +
      stats.filesMoved +
      stats.foldersCreated +
      stats.conflicts +
      stats.errors +
      stats.rejected +
      stats.deferred >
    0
  );
}
