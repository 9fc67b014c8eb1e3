import type { ConflictChange } from '../api/api-types.js';
import { listRemote } from '../remote/remote-tree.js';
import type { SyncState } from '../state/sync-state.js';

/**
 * Describes a conflict that the change feed reported: the file, what happened and where the
 * other version is. Paths are relative to the local folder when the node is synced here.
 */
export function describeFeedConflict(change: ConflictChange, state: SyncState): string {
  const { conflict } = change;
  const { pathById } = listRemote(state.remote, state.remoteRootId);
  const path = pathById.get(conflict.nodeId) ?? relativeToRoot(conflict.path, state.remoteRootPath);
  const what = `two edits were based on the same version (${conflict.strategy})`;
  if (conflict.copyNodeId) {
    const copy = pathById.get(conflict.copyNodeId) ?? `the remote file ${conflict.copyNodeId}`;
    return `${path}: ${what}; the other version is ${copy}`;
  }
  if (conflict.status === 'open') {
    return (
      `${path}: ${what}; both versions are kept on the server until conflict ` +
      `${conflict.conflictId} is resolved with "scaidrive conflicts resolve"`
    );
  }
  const resolution = conflict.resolution ?? conflict.strategy;
  return `${path}: ${what}; resolved by ${resolution}, older versions are in the file's history`;
}

/** Returns a remote path relative to the synced folder, or unchanged when it lies outside. */
function relativeToRoot(path: string, rootPath: string): string {
  const prefix = rootPath === '/' ? '/' : `${rootPath}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
