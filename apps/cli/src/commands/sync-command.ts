import { type Command, Option } from 'commander';
import { formatBytes } from '../progress/format-bytes.js';
import { Reporter } from '../sync/reporter.js';
import { SyncEngine } from '../sync/sync-engine.js';
import type { SyncStats } from '../sync/sync-stats.js';
import { integerOption } from './parse-integer.js';

interface SyncCommandOptions {
  readonly server: string;
  readonly token: string;
  readonly remote: string;
  readonly json: boolean;
  readonly concurrency: number;
}

/** Adds `scaidrive sync`, one two-way sync pass between a local folder and a remote folder. */
export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync a local folder with a folder of your drive, both ways, once')
    .argument('<local-dir>', 'local folder (created when missing)')
    .addOption(
      new Option('--server <url>', 'server URL, such as http://127.0.0.1:3000')
        .env('SCAIDRIVE_SERVER')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--token <token>', 'bearer token (see "scaidrive token")')
        .env('SCAIDRIVE_TOKEN')
        .makeOptionMandatory(),
    )
    .option('--remote <path>', 'remote folder to sync, created when missing', '/')
    .option('--json', 'print a JSON summary as the last line of stdout', false)
    .option('--concurrency <files>', 'files transferred at once', integerOption(1, 64), 4)
    .action((localDir: string, options: SyncCommandOptions) => runSync(localDir, options));
}

async function runSync(localDir: string, options: SyncCommandOptions): Promise<void> {
  const reporter = new Reporter();
  const engine = new SyncEngine(
    {
      localDir,
      serverUrl: options.server,
      token: options.token,
      remotePath: options.remote,
      concurrency: options.concurrency,
    },
    reporter,
  );
  const stats = await engine.run();
  process.stdout.write(options.json ? `${JSON.stringify(stats)}\n` : `${summarize(stats)}\n`);
  if (stats.errors > 0) {
    process.stderr.write(`error: ${stats.errors} items failed to sync; run the sync again\n`);
    process.exitCode = 1;
  }
}

function summarize(stats: SyncStats): string {
  const summary = stats.toJSON();
  return [
    `uploaded ${summary.filesUploaded} files (${formatBytes(summary.bytesUploaded)} in ` +
      `${summary.chunksUploaded} chunks, ${summary.chunksReused} chunks reused)`,
    `downloaded ${summary.filesDownloaded} files (${formatBytes(summary.bytesDownloaded)})`,
    `deleted ${summary.filesDeleted}`,
    `moved ${summary.filesMoved}`,
    `conflicts ${summary.conflicts}`,
    `in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join(', ');
}
