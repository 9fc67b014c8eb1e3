import type { ApiClient } from '../../apps/cli/src/api/api-client.js';
import { StateStore } from '../../apps/cli/src/state/state-store.js';
import { STATE_FORMAT, type SyncState } from '../../apps/cli/src/state/sync-state.js';
import { RejectedChanges } from '../../apps/cli/src/sync/rejected-changes.js';
import { Reporter } from '../../apps/cli/src/sync/reporter.js';
import type { StateSaver } from '../../apps/cli/src/sync/state-saver.js';
import type { SyncContext } from '../../apps/cli/src/sync/sync-context.js';
import { SyncStats } from '../../apps/cli/src/sync/sync-stats.js';

/** Id of the remote root in contexts built here. */
export const FIXTURE_ROOT_ID = 'root';

/** Builds a SyncContext on a local folder with a fake API; `warnings` collects what it reports. */
export async function createSyncContext(
  localRoot: string,
  api: Partial<Record<keyof ApiClient, unknown>>,
): Promise<{ context: SyncContext; warnings: string[] }> {
  const store = new StateStore(localRoot);
  await store.prepare();
  const warnings: string[] = [];
  const stream = {
    isTTY: false,
    write: (text: string) => warnings.push(text.trim()) > 0,
  } as unknown as NodeJS.WriteStream;
  const state: SyncState = {
    format: STATE_FORMAT,
    apiUrl: 'http://127.0.0.1:1/api/v1',
    userId: 'u',
    treeId: null,
    shareName: null,
    remoteRootPath: '/',
    remoteRootId: FIXTURE_ROOT_ID,
    cursor: null,
    remote: new Map(),
    base: new Map(),
  };
  const saver = { checkpoint: () => undefined, save: async () => undefined };
  const context: SyncContext = {
    api: api as unknown as ApiClient,
    localRoot,
    remoteRootPath: '/',
    state,
    store,
    saver: saver as unknown as StateSaver,
    stats: new SyncStats(),
    reporter: new Reporter(stream),
    rejected: new RejectedChanges(),
    userName: 'tester',
    concurrency: 2,
  };
  return { context, warnings };
}
