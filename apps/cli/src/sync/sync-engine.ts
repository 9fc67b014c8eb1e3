import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiClient } from '../api/api-client.js';
import type { MeDto } from '../api/api-types.js';
import { scanLocalTree } from '../local/local-scanner.js';
import { planPull } from '../plan/plan-pull.js';
import { planPush } from '../plan/plan-push.js';
import { listRemote } from '../remote/remote-tree.js';
import { FolderLock } from '../state/folder-lock.js';
import { StateStore } from '../state/state-store.js';
import { STATE_FORMAT, type SyncState } from '../state/sync-state.js';
import { ChangeFeedReader, resetState } from './change-feed-reader.js';
import { PullExecutor } from './pull-executor.js';
import { PushExecutor } from './push-executor.js';
import { normalizeRemotePath, resolveRemoteRoot } from './remote-root.js';
import type { Reporter } from './reporter.js';
import { StateSaver } from './state-saver.js';
import type { SyncContext } from './sync-context.js';
import { SyncStats } from './sync-stats.js';

export interface SyncOptions {
  readonly localDir: string;
  readonly serverUrl: string;
  readonly token: string;
  /** Remote folder to sync, `/` for the whole drive. */
  readonly remotePath: string;
  /** Maximum number of files transferred at once. */
  readonly concurrency: number;
}

const QUIET_SCAN = { skipped: () => undefined, renamed: () => undefined };

/** One two-way sync run: pull remote changes into the local folder, then push local changes. */
export class SyncEngine {
  private readonly api: ApiClient;
  private readonly localRoot: string;
  private readonly store: StateStore;

  constructor(
    private readonly options: SyncOptions,
    private readonly reporter: Reporter,
  ) {
    this.api = new ApiClient(options.serverUrl, options.token);
    this.localRoot = resolve(options.localDir);
    this.store = new StateStore(this.localRoot);
  }

  async run(): Promise<SyncStats> {
    await this.prepareLocalRoot();
    await this.store.prepare();
    const lock = new FolderLock(this.store.folder);
    await lock.acquire();
    try {
      return await this.runLocked();
    } finally {
      await lock.release();
    }
  }

  private async runLocked(): Promise<SyncStats> {
    const stats = new SyncStats();
    const me = await this.api.me();
    const state = await this.loadState(me);
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
      userName: me.name,
      concurrency: this.options.concurrency,
    };
    await new ChangeFeedReader(this.api, state, saver).pull();
    try {
      await this.pullPhase(context);
      await saver.save();
      await this.pushPhase(context);
    } finally {
      // Records every step that finished, also when a fatal error ends the run.
      await saver.save();
    }
    this.reporter.progress.end();
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
    const listing = listRemote(context.state.remote, context.state.remoteRootId);
    const plan = planPull(context.state.base, listing, local);
    await new PullExecutor(context, listing).execute(plan);
  }

  /** Scans again, because the pull changed the folder; the first scan already warned. */
  private async pushPhase(context: SyncContext): Promise<void> {
    const local = await scanLocalTree(this.localRoot, QUIET_SCAN);
    await new PushExecutor(context).execute(planPush(context.state.base, local));
  }

  private async prepareLocalRoot(): Promise<void> {
    const existing = await stat(this.localRoot).catch(() => null);
    if (existing && !existing.isDirectory()) {
      throw new Error(`${this.localRoot} is not a folder`);
    }
    await mkdir(this.localRoot, { recursive: true });
  }

  /** Loads the state of the local folder, or starts one, after checking it belongs here. */
  private async loadState(me: MeDto): Promise<SyncState> {
    const remotePath = normalizeRemotePath(this.options.remotePath);
    const stored = await this.store.load();
    if (stored) this.checkOwnership(stored, me, remotePath);
    const rootId = await resolveRemoteRoot(this.api, me, remotePath, stored === null);
    if (rootId === null) {
      throw new Error(
        `the remote folder ${remotePath} no longer exists; remove ${this.store.folder} to ` +
          'upload this folder into a new one',
      );
    }
    if (stored && stored.remoteRootId === rootId) return stored;
    const state: SyncState = stored ?? {
      format: STATE_FORMAT,
      apiUrl: this.api.apiUrl,
      userId: me.userId,
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

  private checkOwnership(stored: SyncState, me: MeDto, remotePath: string): void {
    const owner = `${stored.apiUrl} as user ${stored.userId}, remote folder ${stored.remoteRootPath}`;
    const requested = `${this.api.apiUrl} as user ${me.userId}, remote folder ${remotePath}`;
    if (owner !== requested) {
      throw new Error(
        `${this.localRoot} is synced with ${owner}, not ${requested}; use another local folder`,
      );
    }
  }
}
