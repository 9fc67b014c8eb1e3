import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiClient } from '../api/api-client.js';
import type { MeDto } from '../api/api-types.js';
import { isIgnoredPath } from '../local/ignored-names.js';
import { scanLocalTree } from '../local/local-scanner.js';
import { planPull } from '../plan/plan-pull.js';
import { planPush } from '../plan/plan-push.js';
import { listRemote, type RemoteListing } from '../remote/remote-tree.js';
import { FolderLock } from '../state/folder-lock.js';
import { StateStore } from '../state/state-store.js';
import { STATE_FORMAT, type SyncState } from '../state/sync-state.js';
import { ChangeFeedReader, resetState } from './change-feed-reader.js';
import { PullExecutor } from './pull-executor.js';
import { PushExecutor } from './push-executor.js';
import { RejectedChanges } from './rejected-changes.js';
import { normalizeRemotePath, resolveRemoteRoot } from './remote-root.js';
import type { Reporter } from './reporter.js';
import { StateSaver } from './state-saver.js';
import type { SyncContext } from './sync-context.js';
import { SyncSetupError } from './sync-setup-error.js';
import { SyncStats } from './sync-stats.js';
import { SyncStoppedError } from './sync-stopped-error.js';
import { describeTarget, resolveSyncTarget, type SyncTarget } from './sync-target.js';

export interface SyncOptions {
  readonly localDir: string;
  readonly serverUrl: string;
  readonly token: string;
  /** Remote folder to sync, `/` for the whole drive or share. */
  readonly remotePath: string;
  /** Name or id of the share to sync; the personal drive when absent. */
  readonly share?: string;
  /** Maximum number of files transferred at once. */
  readonly concurrency: number;
  /** Aborted to stop at the next step: transfers already running finish first. */
  readonly stopSignal?: AbortSignal;
  /** Aborted to cancel requests in flight as well. */
  readonly abortSignal?: AbortSignal;
}

const QUIET_SCAN = { skipped: () => undefined, renamed: () => undefined };

/**
 * Two-way sync of a local folder: each pass pulls remote changes into the local folder, then
 * pushes local changes. `run` does one locked pass; `sync --watch` holds the lock and calls
 * `pass` again and again.
 */
export class SyncEngine {
  readonly localRoot: string;
  private readonly api: ApiClient;
  private readonly store: StateStore;
  private readonly rejected = new RejectedChanges();
  private state: SyncState | null = null;

  constructor(
    private readonly options: SyncOptions,
    private readonly reporter: Reporter,
  ) {
    this.api = new ApiClient(options.serverUrl, options.token, options.abortSignal);
    this.localRoot = resolve(options.localDir);
    this.store = new StateStore(this.localRoot);
  }

  /** The state as the last pass left it, or null before the first pass loaded it. */
  get lastState(): SyncState | null {
    return this.state;
  }

  async run(): Promise<SyncStats> {
    await this.prepare();
    const lock = this.createLock();
    await lock.acquire();
    try {
      return await this.pass();
    } finally {
      await lock.release();
    }
  }

  /** Creates the local and state folders and removes what an interrupted run left in the latter. */
  async prepare(): Promise<void> {
    await this.prepareLocalRoot();
    await this.store.prepare();
  }

  /** Returns the lock that must be held around passes. */
  createLock(): FolderLock {
    return new FolderLock(this.store.folder);
  }

  /** Runs one pass with the lock held by the caller and returns its counters. */
  async pass(): Promise<SyncStats> {
    await this.requireStateFolder();
    const stats = new SyncStats();
    const me = await this.api.me();
    const state = await this.loadState(me);
    this.state = state;
    forgetIgnored(state);
    const saver = new StateSaver(this.store, state);
    const context: SyncContext = {
      api: this.api,
      localRoot: this.localRoot,
      remoteRootPath: state.remoteRootPath,
      state,
      store: this.store,
      saver,
      stats,
      reporter: this.reporter,
      rejected: this.rejected,
      userName: me.name,
      concurrency: this.options.concurrency,
      stopSignal: this.options.stopSignal,
    };
    await new ChangeFeedReader(this.api, state, saver, this.reporter).pull();
    try {
      await this.pullPhase(context);
      await saver.save();
      if (this.options.stopSignal?.aborted) throw new SyncStoppedError();
      await this.pushPhase(context);
    } finally {
      this.reporter.progress.end();
      // Records every step that finished, also when a fatal error ends the run.
      await saver.save();
    }
    return stats;
  }

  private async pullPhase(context: SyncContext): Promise<void> {
    const { reporter, stats } = context;
    const local = await scanLocalTree(this.localRoot, {
      skipped: (path, reason) => {
        stats.skipped += 1;
        reporter.warn(`skipped ${path}: ${reason}`);
      },
      renamed: (from, to) => reporter.warn(`renamed ${from} to ${to}, its name in NFC`),
    });
    const listing = withoutIgnored(listRemote(context.state.remote, context.state.remoteRootId));
    const plan = planPull(context.state.base, listing, local);
    await new PullExecutor(context, listing).execute(plan);
  }

  /** Scans again, because the pull changed the folder; the first scan already warned. */
  private async pushPhase(context: SyncContext): Promise<void> {
    const local = await scanLocalTree(this.localRoot, QUIET_SCAN);
    this.rejected.startPush(local);
    const plan = this.rejected.filter(planPush(context.state.base, local), local);
    await new PushExecutor(context).execute(plan);
  }

  /**
   * Checks that the state folder still exists. When the local folder was deleted or moved away
   * during `sync --watch`, a pass would otherwise see every file as deleted and delete it remotely.
   */
  private async requireStateFolder(): Promise<void> {
    const folder = await stat(this.store.folder).catch(() => null);
    if (!folder?.isDirectory()) {
      throw new SyncSetupError(
        `${this.store.folder} is missing: the local folder was moved or deleted during the sync`,
      );
    }
  }

  private async prepareLocalRoot(): Promise<void> {
    const existing = await stat(this.localRoot).catch(() => null);
    if (existing && !existing.isDirectory()) {
      throw new SyncSetupError(`${this.localRoot} is not a folder`);
    }
    await mkdir(this.localRoot, { recursive: true });
  }

  /** Loads the state of the local folder, or starts one, after checking it belongs here. */
  private async loadState(me: MeDto): Promise<SyncState> {
    const remotePath = normalizeRemotePath(this.options.remotePath);
    const target = await resolveSyncTarget(this.api, me, this.options.share);
    const stored = await this.store.load();
    if (stored) this.checkOwnership(stored, me, target, remotePath);
    const rootId = await resolveRemoteRoot(this.api, target, remotePath, stored === null);
    if (rootId === null) {
      throw new SyncSetupError(
        `the remote folder ${remotePath} no longer exists; remove ${this.store.folder} to ` +
          'upload this folder into a new one',
      );
    }
    if (stored) {
      stored.treeId = target.treeId;
      stored.shareName = target.shareName;
      if (stored.remoteRootId === rootId) return stored;
    }
    const state: SyncState = stored ?? {
      format: STATE_FORMAT,
      apiUrl: this.api.apiUrl,
      userId: me.userId,
      treeId: target.treeId,
      shareName: target.shareName,
      remoteRootPath: remotePath,
      remoteRootId: rootId,
      cursor: null,
      remote: new Map(),
      base: new Map(),
    };
    if (stored) this.reporter.warn(`the remote folder ${remotePath} was replaced; syncing anew`);
    state.remoteRootId = rootId;
    resetState(state);
    return state;
  }

  private checkOwnership(
    stored: SyncState,
    me: MeDto,
    target: SyncTarget,
    remotePath: string,
  ): void {
    const owner = `${stored.apiUrl} as user ${stored.userId}, remote folder ${stored.remoteRootPath}`;
    const requested = `${this.api.apiUrl} as user ${me.userId}, remote folder ${remotePath}`;
    if (owner !== requested) {
      throw new SyncSetupError(
        `${this.localRoot} is synced with ${owner}, not ${requested}; use another local folder`,
      );
    }
    // State files without a tree were all written by syncs of the personal drive.
    const storedTree = stored.treeId ?? me.driveId;
    if (storedTree !== target.treeId) {
      const synced = describeTarget(stored.treeId === null ? null : stored.shareName, storedTree);
      const wanted = describeTarget(target.shareName, target.treeId);
      throw new SyncSetupError(
        `${this.localRoot} is synced with ${synced}, not ${wanted}; use another local folder`,
      );
    }
  }
}

/** Drops base entries of ignored names, so that they are neither deleted nor uploaded. */
function forgetIgnored(state: SyncState): void {
  for (const path of [...state.base.keys()]) if (isIgnoredPath(path)) state.base.delete(path);
}

/** Leaves remote files and folders with ignored names out, so that they are not downloaded. */
function withoutIgnored(listing: RemoteListing): RemoteListing {
  const byPath = new Map([...listing.byPath].filter(([path]) => !isIgnoredPath(path)));
  const pathById = new Map([...listing.pathById].filter(([, path]) => !isIgnoredPath(path)));
  return { byPath, pathById };
}
