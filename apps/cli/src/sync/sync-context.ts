import type { ApiClient } from '../api/api-client.js';
import type { StateStore } from '../state/state-store.js';
import type { SyncState } from '../state/sync-state.js';
import type { RejectedChanges } from './rejected-changes.js';
import type { Reporter } from './reporter.js';
import type { StateSaver } from './state-saver.js';
import type { SyncStats } from './sync-stats.js';

/** Services and state shared by the phases of one sync run. */
export interface SyncContext {
  readonly api: ApiClient;
  /** Absolute path of the synced local folder. */
  readonly localRoot: string;
  /** Absolute remote path of the synced folder, such as `/` or `/Projects`. */
  readonly remoteRootPath: string;
  readonly state: SyncState;
  readonly store: StateStore;
  readonly saver: StateSaver;
  readonly stats: SyncStats;
  readonly reporter: Reporter;
  /** Name of the user, used in the names of local conflict copies. */
  readonly userName: string;
  /** Local changes the server rejected, left out of later pushes until they change. */
  readonly rejected: RejectedChanges;
  /** Maximum number of files transferred at once. */
  readonly concurrency: number;
  /** Aborted when the sync should stop: steps already running finish, no other step starts. */
  readonly stopSignal?: AbortSignal;
}
