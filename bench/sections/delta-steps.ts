import { copyFile, utimes } from 'node:fs/promises';
import type { BenchRow } from '../bench-row.js';
import { formatBytes, formatCount, formatSeconds } from '../report/format-units.js';
import { measureChunkDelta } from '../support/chunk-delta.js';
import { runSync, type SyncRun, type SyncTarget } from '../support/cli-sync.js';
import { filesIdentical } from '../support/compare-files.js';
import { writeEditedCopy, type FileEdit } from '../support/file-edits.js';
import { rsyncDelta, type RsyncStats } from '../support/rsync-delta.js';

const SECTION = 'delta';
const MIB = 1024 * 1024;

/** Files and folders of one delta run. Folder A uploads, and folder B (same user) downloads. */
export interface DeltaContext {
  readonly original: string;
  readonly target: SyncTarget;
  readonly folderA: string;
  readonly fileA: string;
  readonly folderB: string;
  readonly fileB: string;
  readonly rsyncTarget: string;
  readonly rsyncAvailable: boolean;
  /** Returns a new mtime for file A, later than every earlier one, so each change is detected. */
  readonly nextMtime: () => number;
}

interface SyncPair {
  readonly upload: SyncRun;
  readonly download: SyncRun;
  readonly identical: boolean;
}

/** Syncs folder A (uploading its change), then folder B, and compares the two files with cmp. */
async function syncBothFolders(context: DeltaContext): Promise<SyncPair> {
  const upload = await runSync(context.folderA, context.target);
  const download = await runSync(context.folderB, context.target);
  const identical = await filesIdentical(context.fileA, context.fileB);
  return { upload, download, identical };
}

async function touch(context: DeltaContext): Promise<void> {
  const mtime = context.nextMtime();
  await utimes(context.fileA, mtime, mtime);
}

function uploadDetails(run: SyncRun): string {
  const { chunksUploaded, chunksReused } = run.summary;
  const sent = formatCount(chunksUploaded, 'chunk');
  return `${sent} sent, ${chunksReused} reused, ${formatSeconds(run.elapsedMs)}`;
}

function identityFailure(context: DeltaContext, identical: boolean): string | undefined {
  return identical ? undefined : `${context.fileB} differs from ${context.fileA} after sync`;
}

function downloadRow(context: DeltaContext, label: string, pair: SyncPair): BenchRow {
  const verdict = pair.identical ? 'identical (cmp)' : 'DIFFERENT (cmp)';
  return {
    section: SECTION,
    case: label,
    metric: 'bytes downloaded, 2nd folder',
    value: pair.download.summary.bytesDownloaded,
    unit: 'B',
    details: `${verdict}, ${formatSeconds(pair.download.elapsedMs)}`,
    failure: identityFailure(context, pair.identical),
    data: {
      summary: pair.download.summary,
      elapsedMs: pair.download.elapsedMs,
      identical: pair.identical,
    },
  };
}

/** Copies the original into folder A and syncs both folders: every edit starts from here. */
export async function measureInitialSync(
  context: DeltaContext,
  label: string,
): Promise<BenchRow[]> {
  await copyFile(context.original, context.fileA);
  await touch(context);
  const pair = await syncBothFolders(context);
  const upload: BenchRow = {
    section: SECTION,
    case: label,
    metric: 'bytes uploaded',
    value: pair.upload.summary.bytesUploaded,
    unit: 'B',
    details: uploadDetails(pair.upload),
    data: { summary: pair.upload.summary, elapsedMs: pair.upload.elapsedMs },
  };
  return [upload, downloadRow(context, label, pair)];
}

/**
 * Puts the original content back into folder A and syncs both folders, so the next edit is
 * measured against content that the server and folder B already hold.
 */
export async function measureRevert(context: DeltaContext, label: string): Promise<BenchRow> {
  await copyFile(context.original, context.fileA);
  await touch(context);
  const pair = await syncBothFolders(context);
  const verdict = pair.identical ? 'identical (cmp)' : 'DIFFERENT (cmp)';
  const downloaded = formatBytes(pair.download.summary.bytesDownloaded);
  return {
    section: SECTION,
    case: label,
    metric: 'bytes uploaded',
    value: pair.upload.summary.bytesUploaded,
    unit: 'B',
    details: `2nd folder downloaded ${downloaded}, ${verdict}`,
    failure: identityFailure(context, pair.identical),
    data: { upload: pair.upload, download: pair.download, identical: pair.identical },
  };
}

async function measureRsync(context: DeltaContext): Promise<RsyncStats & { identical: boolean }> {
  await copyFile(context.original, context.rsyncTarget);
  const stats = await rsyncDelta(context.fileA, context.rsyncTarget);
  return { ...stats, identical: await filesIdentical(context.fileA, context.rsyncTarget) };
}

/** Applies `edit` to a fresh copy of the original in folder A, syncs, and runs rsync on it. */
export async function measureEdit(context: DeltaContext, edit: FileEdit): Promise<BenchRow[]> {
  const label = `${edit.kind} ${edit.length / MIB} MiB at middle`;
  await writeEditedCopy(context.original, context.fileA, edit);
  await touch(context);
  const pair = await syncBothFolders(context);
  const chunkDelta = await measureChunkDelta(context.original, context.fileA);
  const rsync = context.rsyncAvailable ? await measureRsync(context) : null;
  const reference = rsync
    ? `rsync sent ${formatBytes(rsync.totalBytesSent)}, literal ${formatBytes(rsync.literalData)}`
    : 'rsync skipped';
  const upload: BenchRow = {
    section: SECTION,
    case: label,
    metric: 'bytes uploaded',
    value: pair.upload.summary.bytesUploaded,
    unit: 'B',
    reference,
    details: `${uploadDetails(pair.upload)}, CDC minimum ${formatBytes(chunkDelta.newBytes)}`,
    failure: rsync?.identical === false ? `rsync left ${context.rsyncTarget} different` : undefined,
    data: {
      edit,
      summary: pair.upload.summary,
      elapsedMs: pair.upload.elapsedMs,
      chunkDelta,
      rsync,
    },
  };
  return [upload, downloadRow(context, label, pair)];
}
