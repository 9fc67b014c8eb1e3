import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BenchOptions } from '../bench-options.js';
import type { BenchRow } from '../bench-row.js';
import { formatBytes } from '../report/format-units.js';
import { middleEdits } from '../support/file-edits.js';
import { rsyncVersion } from '../support/rsync-delta.js';
import { createScratchFolder, removeScratchFolder } from '../support/scratch-folder.js';
import { ServerProcess } from '../support/server-process.js';
import { chooseDeltaSourceFile } from './delta-source-file.js';
import {
  measureEdit,
  measureInitialSync,
  measureRevert,
  type DeltaContext,
} from './delta-steps.js';
import { progress, type SectionOutput } from './section-result.js';

async function createContext(
  work: string,
  original: string,
  server: ServerProcess,
  rsyncAvailable: boolean,
): Promise<DeltaContext> {
  const folderA = join(work, 'folder-a');
  const folderB = join(work, 'folder-b');
  await mkdir(folderA);
  await mkdir(folderB);
  const name = basename(original);
  // Distinct mtimes in the past, ten seconds apart, whatever the file system's time resolution.
  let mtime = Math.floor(Date.now() / 1000) - 3600;
  return {
    original,
    target: { url: server.url, token: await server.token('bench') },
    folderA,
    fileA: join(folderA, name),
    folderB,
    fileB: join(folderB, name),
    rsyncTarget: join(work, `rsync-${name}`),
    rsyncAvailable,
    nextMtime: () => (mtime += 10),
  };
}

async function measureAll(context: DeltaContext, size: number, rows: BenchRow[]): Promise<void> {
  progress('delta', `initial sync of ${formatBytes(size)}`);
  rows.push(...(await measureInitialSync(context, `initial sync, ${formatBytes(size)}`)));
  for (const [index, edit] of middleEdits(size).entries()) {
    if (index > 0) {
      progress('delta', `reverting to the original before the ${edit.kind} edit`);
      rows.push(await measureRevert(context, `revert to original before ${edit.kind}`));
    }
    progress('delta', `${edit.kind} of ${formatBytes(edit.length)} at offset ${edit.offset}`);
    rows.push(...(await measureEdit(context, edit)));
  }
}

/**
 * Syncs a large file to a server on the embedded default, then measures the bytes that
 * `scaidrive sync` and rsync send for 1 MiB edits. Each edit applies to a fresh copy of the
 * original that the server and the second folder already hold.
 */
export async function runDeltaSection(options: BenchOptions, output: SectionOutput): Promise<void> {
  const source = await chooseDeltaSourceFile(options.deltaFile);
  if (source === null) {
    output.notes.push('delta skipped: no file of over 100 MB under /usr/lib; set BENCH_FILE');
    return;
  }
  if (source.note) output.notes.push(source.note);
  const rsyncAvailable = (await rsyncVersion()) !== null;
  if (!rsyncAvailable) {
    output.notes.push('delta: rsync column skipped because rsync is not on PATH (package rsync)');
  }
  const work = await createScratchFolder('delta');
  progress('delta', `starting a server with its data in ${work}`);
  const server = await ServerProcess.start(join(work, 'server-data'), work);
  try {
    const context = await createContext(work, source.path, server, rsyncAvailable);
    await measureAll(context, source.size, output.rows);
  } finally {
    const problem = await server.stop();
    if (problem) output.notes.push(`delta: ${problem}`);
  }
  await removeScratchFolder(work, options.keepWork);
}
