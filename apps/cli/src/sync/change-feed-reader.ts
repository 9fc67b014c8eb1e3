import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import type { ChangesPage, ConflictChange, NodeDto } from '../api/api-types.js';
import { applyChange, pruneUnreachable, toRemoteNode } from '../remote/remote-tree.js';
import type { RemoteNode, SyncState } from '../state/sync-state.js';
import { describeFeedConflict } from './feed-conflict-message.js';
import type { Reporter } from './reporter.js';
import type { StateSaver } from './state-saver.js';
import { SyncSetupError } from './sync-setup-error.js';

/** Number of changes requested per page of the feed; the protocol's maximum. */
const PAGE_LIMIT = 1000;

/** Reads the change feed from the stored cursor and applies it to the stored remote nodes. */
export class ChangeFeedReader {
  constructor(
    private readonly api: ApiClient,
    private readonly state: SyncState,
    private readonly saver: StateSaver,
    private readonly reporter?: Reporter,
  ) {}

  /** Applies every change up to now and returns how many changes were read. */
  async pull(): Promise<number> {
    let count = 0;
    let resets = 0;
    const conflicts: ConflictChange[] = [];
    for (;;) {
      const page = await this.readPage();
      if (page.reset) {
        if (++resets > 1) throw new Error('the server reset the change feed twice in a row');
        resetState(this.state);
        continue;
      }
      for (const change of page.changes) {
        if (change.op === 'delete' && change.nodeId === this.state.remoteRootId) {
          throw new SyncSetupError(
            `the remote folder ${this.state.remoteRootPath} was deleted; remove the .scaidrive ` +
              'folder to sync this folder again from scratch',
          );
        }
        if (change.op === 'conflict') conflicts.push(change);
        const movedIn = applyChange(this.state.remote, change, this.state.remoteRootId);
        if (movedIn) await this.addSubtree(movedIn);
      }
      count += page.changes.length;
      this.state.cursor = page.cursor;
      this.saver.checkpoint();
      if (!page.hasMore) break;
    }
    pruneUnreachable(this.state.remote, this.state.remoteRootId);
    await this.saver.save();
    // Reported once the page's upserts are applied, so that the copy's path is known.
    for (const change of conflicts) {
      this.reporter?.conflict(describeFeedConflict(change, this.state), change.conflict.conflictId);
    }
    return count;
  }

  /**
   * Reads the next page. A stored cursor that the server rejects (400), such as one from before
   * a restore of its database, is treated as a `reset`, since every later pass would fail on it.
   */
  private async readPage(): Promise<ChangesPage> {
    try {
      return await this.api.changes(this.state.cursor, this.state.treeId, PAGE_LIMIT);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 400 || this.state.cursor === null) {
        throw error;
      }
      this.reporter?.warn(`the server rejected the stored cursor (${error.message}); relisting`);
      return { changes: [], cursor: '', hasMore: false, reset: true };
    }
  }

  /** Lists a folder that moved in from outside the synced folder, whose contents the feed omits. */
  private async addSubtree(folderId: string): Promise<void> {
    const pending = [folderId];
    while (pending.length > 0) {
      for (const child of await this.listIfPresent(pending.pop()!)) {
        this.state.remote.set(child.id, toRemoteNode(child));
        if (child.kind === 'folder') pending.push(child.id);
      }
    }
  }

  /**
   * Lists a folder's children, or none when the folder was deleted since: a later change of the
   * feed deletes it. Failing instead would fail every pass, since each reads the same change.
   */
  private async listIfPresent(folderId: string): Promise<NodeDto[]> {
    try {
      return await this.api.listChildren(folderId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return [];
      throw error;
    }
  }
}

/** Drops all sync state except the remote root, as a `reset: true` response of the feed requires. */
export function resetState(state: SyncState): void {
  const root: RemoteNode = { parentId: null, name: '', kind: 'folder', version: null };
  state.cursor = null;
  state.base.clear();
  state.remote.clear();
  state.remote.set(state.remoteRootId, root);
}
