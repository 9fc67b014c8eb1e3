import { type Command, Option } from 'commander';
import { Reporter } from '../sync/reporter.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { summarizeStats } from '../sync/sync-summary.js';
import { WatchSession } from '../watch/watch-session.js';
import { integerOption } from './parse-integer.js';

interface SyncCommandOptions {
  readonly server: string;
  readonly token: string;
  readonly remote: string;
  readonly share?: string;
  readonly json: boolean;
  readonly concurrency: number;
  readonly watch: boolean;
  readonly debounce: number;
  readonly rescanInterval: number;
  readonly maxRetryDelay: number;
}

/** Seconds each long-poll of `--watch` waits; below the 60 s after which proxies often cut. */
const POLL_WAIT_SECONDS = 50;

/** Adds `scaidrive sync`: one two-way sync pass, or continuous sync with `--watch`. */
export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description(
      'sync a local folder with a folder of your drive or of a share, both ways, once or ' +
        'continuously',
    )
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
    .option(
      '--share <name>',
      'sync with the share of this name (or share id) instead of your drive; --remote is a ' +
        'path inside the share',
    )
    .option(
      '--json',
      'print a JSON summary as the last line of stdout (per pass with --watch)',
      false,
    )
    .option('--concurrency <files>', 'files transferred at once', integerOption(1, 64), 8)
    .option('--watch', 'keep syncing local and remote changes until Ctrl-C', false)
    .option(
      '--debounce <ms>',
      'with --watch: quiet time in milliseconds after a change before a pass',
      integerOption(0, 60_000),
      500,
    )
    .option(
      '--rescan-interval <seconds>',
      'with --watch: seconds between full rescans that catch missed events',
      integerOption(1, 86_400),
      60,
    )
    .option(
      '--max-retry-delay <seconds>',
      'with --watch: longest wait in seconds between retries while the server is unreachable',
      integerOption(1, 3600),
      30,
    )
    .action((localDir: string, options: SyncCommandOptions) =>
      options.watch ? runWatch(localDir, options) : runSync(localDir, options),
    );
}

function syncOptions(localDir: string, options: SyncCommandOptions) {
  return {
    localDir,
    serverUrl: options.server,
    token: options.token,
    remotePath: options.remote,
    share: options.share,
    concurrency: options.concurrency,
  };
}

async function runSync(localDir: string, options: SyncCommandOptions): Promise<void> {
  const engine = new SyncEngine(syncOptions(localDir, options), new Reporter());
  const stats = await engine.run();
  process.stdout.write(options.json ? `${JSON.stringify(stats)}\n` : `${summarizeStats(stats)}\n`);
  if (stats.errors > 0) {
    process.stderr.write(`error: ${stats.errors} items failed to sync; run the sync again\n`);
    process.exitCode = 1;
  }
  if (stats.rejected > 0) {
    process.stderr.write(
      `warning: the server did not allow ${stats.rejected} local changes; they stay local\n`,
    );
  }
}

/** Runs `sync --watch`; SIGINT and SIGTERM stop it with exit status 0 once its state is saved. */
async function runWatch(localDir: string, options: SyncCommandOptions): Promise<void> {
  const session = new WatchSession(
    {
      sync: syncOptions(localDir, options),
      debounceMs: options.debounce,
      rescanIntervalMs: options.rescanInterval * 1000,
      maxRetryDelayMs: options.maxRetryDelay * 1000,
      pollWaitSeconds: POLL_WAIT_SECONDS,
      json: options.json === true,
    },
    new Reporter(),
  );
  const stop = () => session.requestStop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await session.run();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
