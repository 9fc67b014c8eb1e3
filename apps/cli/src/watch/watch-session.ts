import { ApiClient } from '../api/api-client.js';
import type { ChangeDto } from '../api/api-types.js';
import type { Reporter } from '../sync/reporter.js';
import { SyncEngine, type SyncOptions } from '../sync/sync-engine.js';
import type { SyncStats } from '../sync/sync-stats.js';
import { SyncStoppedError } from '../sync/sync-stopped-error.js';
import { hasActivity, summarizeStats } from '../sync/sync-summary.js';
import { Backoff } from './backoff.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { isKnownChange } from './known-change.js';
import { LocalWatcher } from './local-watcher.js';
import { RemoteWatcher } from './remote-watcher.js';
import { isRetryable } from './retry-policy.js';
import { type PassResult, type PassTrigger, WatchScheduler } from './watch-scheduler.js';

export interface WatchOptions {
  readonly sync: Omit<SyncOptions, 'stopSignal' | 'abortSignal'>;
  /** Quiet time in ms after the last local or remote change before a pass. */
  readonly debounceMs: number;
  /** Time in ms between passes that run without any change. */
  readonly rescanIntervalMs: number;
  /** Maximum delay in ms between retries while the server cannot be reached. */
  readonly maxRetryDelayMs: number;
  /** Seconds each long-poll of the change feed waits. */
  readonly pollWaitSeconds: number;
  /** Whether each pass prints a JSON line instead of a sentence. */
  readonly json: boolean;
}

/** Delay in ms before the first retry of a failed or incomplete pass. */
const FIRST_RETRY_MS = 1000;

/**
 * Continuous two-way sync of one folder (`scaidrive sync --watch`): runs a pass at start, on
 * local file-system events, on remote changes seen by a long-poll, on a rescan timer and after
 * failures, one pass at a time, while holding the folder's lock.
 */
export class WatchSession {
  private readonly stopController = new AbortController();
  private readonly abortController = new AbortController();
  private readonly engine: SyncEngine;
  private readonly monitor: ConnectionMonitor;
  private readonly scheduler: WatchScheduler;
  private readonly localWatcher: LocalWatcher;
  private readonly remoteWatcher: RemoteWatcher;
  private stopRequests = 0;
  /** Remote changes that arrived during the running pass, checked when it ends. */
  private changesDuringPass: ChangeDto[] = [];
  private readonly localWatchErrors = new Set<string>();
  private fatal: { error: unknown } | null = null;

  constructor(
    private readonly options: WatchOptions,
    private readonly reporter: Reporter,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.engine = new SyncEngine(
      {
        ...options.sync,
        stopSignal: this.stopController.signal,
        abortSignal: this.abortController.signal,
      },
      reporter,
    );
    this.monitor = new ConnectionMonitor((line) => reporter.notice(line));
    this.scheduler = this.createScheduler();
    this.localWatcher = new LocalWatcher(
      this.engine.localRoot,
      () => this.scheduler.notify('local'),
      (error) => this.localWatchFailed(error),
    );
    this.remoteWatcher = this.createRemoteWatcher();
  }

  /** Watches until requestStop() or a failure that retrying cannot fix, which it throws. */
  async run(): Promise<void> {
    await this.engine.prepare();
    const lock = this.engine.createLock();
    await lock.acquire();
    try {
      this.localWatcher.start();
      this.scheduler.start();
      this.reporter.notice(`watching ${this.engine.localRoot}; press Ctrl-C to stop`);
      await this.scheduler.whenStopped;
      await this.scheduler.stop();
    } finally {
      this.localWatcher.close();
      await this.remoteWatcher.stop();
      await lock.release();
    }
    if (this.fatal) throw this.fatal.error;
  }

  /**
   * Stops watching. The first call lets transfers in flight finish and starts no new step; a
   * second call also aborts the requests in flight. Either way the pass saves what finished.
   */
  requestStop(): void {
    this.stopRequests += 1;
    if (this.stopRequests === 1) {
      if (this.scheduler.isRunning) {
        this.reporter.notice(
          'stopping after the transfers in progress; press Ctrl-C again to stop at once',
        );
      }
      this.stopController.abort(new SyncStoppedError());
      void this.scheduler.stop();
      void this.remoteWatcher.stop();
      return;
    }
    this.abortController.abort(new SyncStoppedError());
  }

  private createScheduler(): WatchScheduler {
    const maxMs = this.options.maxRetryDelayMs;
    return new WatchScheduler({
      debounceMs: this.options.debounceMs,
      maxDelayMs: Math.max(5000, 4 * this.options.debounceMs),
      rescanIntervalMs: this.options.rescanIntervalMs,
      failureBackoff: new Backoff({ initialMs: FIRST_RETRY_MS, maxMs }),
      retryBackoff: new Backoff({ initialMs: FIRST_RETRY_MS, maxMs }),
      runPass: (triggers) => this.runPass(triggers),
      onFailure: (error, retryInMs) => this.passFailed(error, retryInMs),
      onRecovery: () => this.monitor.succeeded(),
    });
  }

  private createRemoteWatcher(): RemoteWatcher {
    const { serverUrl, token } = this.options.sync;
    return new RemoteWatcher({
      createApi: (signal) => new ApiClient(serverUrl, token, signal),
      waitSeconds: this.options.pollWaitSeconds,
      passCursor: () => this.engine.lastState?.cursor ?? null,
      passTree: () => this.engine.lastState?.treeId ?? null,
      onChanges: (changes) => this.remoteChanged(changes),
      onFailure: (error, retryInMs) => this.monitor.failed(error, retryInMs),
      onRecovery: () => {
        this.monitor.succeeded();
        this.scheduler.connectionRestored();
      },
      backoff: new Backoff({ initialMs: FIRST_RETRY_MS, maxMs: this.options.maxRetryDelayMs }),
    });
  }

  /**
   * Requests a pass unless every change is already known. During a pass the check waits for its
   * end: the feed often shows this client's own commits before their responses are recorded.
   */
  private remoteChanged(changes: readonly ChangeDto[] | null): void {
    if (changes && this.scheduler.isRunning) {
      this.changesDuringPass.push(...changes);
      return;
    }
    if (changes === null || this.anyUnknown(changes)) this.scheduler.notify('remote');
  }

  private anyUnknown(changes: readonly ChangeDto[]): boolean {
    if (changes.length === 0) return false;
    const state = this.engine.lastState;
    return state === null || changes.some((change) => !isKnownChange(change, state));
  }

  private async runPass(triggers: ReadonlySet<PassTrigger>): Promise<PassResult> {
    try {
      const stats = await this.engine.pass();
      this.printSummary(stats, triggers);
      // Started after the first pass, which stores the cursor that watching starts from.
      this.remoteWatcher.start();
      this.restartLocalWatcher();
      return { incomplete: stats.errors > 0 || stats.deferred > 0 };
    } finally {
      const seen = this.changesDuringPass;
      this.changesDuringPass = [];
      if (this.anyUnknown(seen)) this.scheduler.notify('remote');
    }
  }

  /** Returns whether to retry; a failure that needs a person, or a stop, ends the session. */
  private passFailed(error: unknown, retryInMs: number): boolean {
    if (this.stopRequests > 0) return false;
    if (!isRetryable(error)) {
      this.fatal = { error };
      return false;
    }
    this.monitor.failed(error, retryInMs);
    return true;
  }

  private printSummary(stats: SyncStats, triggers: ReadonlySet<PassTrigger>): void {
    if (this.options.json) {
      const line = { pass: this.scheduler.passCount, triggers: [...triggers], ...stats.toJSON() };
      this.output.write(`${JSON.stringify(line)}\n`);
    } else if (hasActivity(stats)) {
      this.output.write(`${new Date().toISOString()} ${summarizeStats(stats)}\n`);
    }
  }

  /**
   * Starts the local watcher again after it failed, for example on a folder deleted while it was
   * read, and requests a pass, since changes made in between raised no event.
   */
  private restartLocalWatcher(): void {
    if (this.localWatcher.active || this.stopRequests > 0) return;
    this.localWatcher.start();
    if (this.localWatcher.active) this.scheduler.notify('local');
  }

  /** Warns once per distinct error; the watcher restarts after the next pass. */
  private localWatchFailed(error: Error): void {
    if (this.localWatchErrors.has(error.message)) return;
    this.localWatchErrors.add(error.message);
    const seconds = Math.round(this.options.rescanIntervalMs / 1000);
    this.reporter.warn(
      `watching ${this.engine.localRoot} for changes failed (${error.message}); local changes ` +
        `are found by the rescan every ${seconds} s`,
    );
  }
}
