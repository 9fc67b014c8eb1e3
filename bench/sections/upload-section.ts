import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchOptions } from '../bench-options.js';
import { formatBinarySize, formatBytes } from '../report/format-units.js';
import { measureChunkingSpeed } from '../support/chunking-speed.js';
import { runSync, type SyncRun } from '../support/cli-sync.js';
import { filesIdentical } from '../support/compare-files.js';
import { readRequestTimings } from '../support/request-timings.js';
import { createScratchFolder, removeScratchFolder } from '../support/scratch-folder.js';
import { writeSeededFile } from '../support/seeded-bytes.js';
import { ServerProcess } from '../support/server-process.js';
import { measureSha256Speed, type HashSpeed } from '../support/sha256-speed.js';
import { progress, type SectionOutput } from './section-result.js';
import { chunkingRow, hashRow, transferRow } from './upload-rows.js';

const SECTION = 'upload';

/** Requests whose server time the rows report, matched against `METHOD /path`. */
const UPLOAD_REQUESTS = {
  'chunk PUTs': /^PUT \/api\/v1\/chunks\/[0-9a-f]{64}$/,
  commit: /^POST \/api\/v1\/files(\/[^/]+\/versions)?$/,
};
const DOWNLOAD_REQUESTS = {
  'content GETs':
    /^GET \/api\/v1\/(files\/[^/]+(\/versions\/[^/]+)?\/content|chunks\/[0-9a-f]{64})$/,
};

interface UploadFiles {
  readonly folderA: string;
  readonly folderB: string;
  readonly fileA: string;
  readonly fileB: string;
}

interface TransferRuns {
  readonly upload: SyncRun;
  readonly download: SyncRun;
  readonly identical: boolean;
}

async function createUploadFiles(work: string, size: number): Promise<UploadFiles> {
  const folderA = join(work, 'folder-a');
  const folderB = join(work, 'folder-b');
  await mkdir(folderA);
  await mkdir(folderB);
  const name = `random-${formatBinarySize(size).replace(' ', '').toLowerCase()}.bin`;
  progress(SECTION, `writing ${formatBytes(size)} of random bytes to ${folderA}`);
  await writeSeededFile(join(folderA, name), size, 'bench-upload');
  return { folderA, folderB, fileA: join(folderA, name), fileB: join(folderB, name) };
}

/** Uploads folder A to the server, downloads it into folder B and compares the files. */
async function runTransfers(server: ServerProcess, files: UploadFiles): Promise<TransferRuns> {
  const target = { url: server.url, token: await server.token('bench') };
  progress(SECTION, `uploading with scaidrive sync to ${server.url}`);
  const upload = await runSync(files.folderA, target);
  progress(SECTION, 'downloading into a second folder');
  const download = await runSync(files.folderB, target);
  return { upload, download, identical: await filesIdentical(files.fileA, files.fileB) };
}

/** Adds the upload and download rows, with the server time read from the stopped server's log. */
async function pushTransferRows(
  output: SectionOutput,
  { label, size, hash }: { label: string; size: number; hash: HashSpeed },
  runs: TransferRuns,
  logFile: string,
): Promise<void> {
  const uploadTimes = await readRequestTimings(logFile, UPLOAD_REQUESTS);
  output.rows.push(
    transferRow(
      label,
      { direction: 'upload', fileSize: size, run: runs.upload, serverTimes: uploadTimes },
      hash,
    ),
  );

  const downloadTimes = await readRequestTimings(logFile, DOWNLOAD_REQUESTS);
  const download = transferRow(
    label,
    { direction: 'download', fileSize: size, run: runs.download, serverTimes: downloadTimes },
    hash,
  );
  output.rows.push({
    ...download,
    details: `${download.details}; ${runs.identical ? 'identical' : 'DIFFERENT'} (cmp)`,
    failure: runs.identical ? undefined : 'the downloaded file differs from the uploaded file',
  });
}

/**
 * Measures single-core SHA-256 and chunking speed, then the wall time of `scaidrive sync`
 * uploading a file of seeded random bytes to a server on the embedded default, and of a second
 * folder of the same user downloading it. The server's log gives the time its requests took.
 */
export async function runUploadSection(
  options: BenchOptions,
  output: SectionOutput,
): Promise<void> {
  const size = options.uploadBytes;
  const label = `${formatBinarySize(size)} random file`;
  progress(SECTION, 'measuring single-core SHA-256 speed');
  const hash = measureSha256Speed();
  output.rows.push(hashRow(hash));

  const work = await createScratchFolder('upload');
  const files = await createUploadFiles(work, size);
  progress(SECTION, 'measuring the chunker alone');
  output.rows.push(chunkingRow(label, await measureChunkingSpeed(files.fileA), hash));

  progress(SECTION, `starting a server with its data in ${work}`);
  const server = await ServerProcess.start(join(work, 'server-data'), work);
  let runs: TransferRuns;
  try {
    runs = await runTransfers(server, files);
  } finally {
    const problem = await server.stop();
    if (problem) output.notes.push(`upload: ${problem}`);
  }
  await pushTransferRows(output, { label, size, hash }, runs, server.logFile);
  await removeScratchFolder(work, options.keepWork);
}
