import type { ChangeDto, NodeDto, NodeKind } from '../api/api-types.js';
import { joinPath } from '../plan/relative-path.js';
import type { RemoteNode, RemoteVersion } from '../state/sync-state.js';

/** A remote node at a path below the remote root. */
export interface RemoteEntry {
  readonly nodeId: string;
  readonly kind: NodeKind;
  readonly version: RemoteVersion | null;
}

/** Remote nodes below the remote root, by relative path and by node id. */
export interface RemoteListing {
  readonly byPath: Map<string, RemoteEntry>;
  readonly pathById: Map<string, string>;
}

export function toRemoteNode(node: NodeDto): RemoteNode {
  const version = node.version && {
    id: node.version.id,
    size: node.version.size,
    sha256: node.version.sha256,
    mtime: node.version.mtime,
  };
  return { parentId: node.parentId, name: node.name, kind: node.kind, version };
}

/**
 * Applies one change of the feed to the remote nodes. Returns the id of a folder that moved in
 * from outside the remote root: the feed lists no descendants of a moved folder, so the caller
 * must list them.
 */
export function applyChange(
  remote: Map<string, RemoteNode>,
  change: ChangeDto,
  rootId: string,
): string | null {
  if (change.op === 'delete') {
    remote.delete(change.nodeId);
    return null;
  }
  // Conflicts and kinds of change added later do not change the tree.
  if (change.op !== 'upsert') return null;
  const { node } = change;
  const known = remote.has(node.id) && isReachable(remote, node.id, rootId);
  remote.set(node.id, toRemoteNode(node));
  const movedIn =
    node.kind === 'folder' &&
    !known &&
    change.previousPath != null &&
    isReachable(remote, node.id, rootId);
  return movedIn ? node.id : null;
}

/** Returns whether following parent links from `id` reaches the remote root. */
export function isReachable(remote: Map<string, RemoteNode>, id: string, rootId: string): boolean {
  const seen = new Set<string>();
  for (let current: string | null = id; current !== null;) {
    if (current === rootId) return true;
    if (seen.has(current)) return false;
    seen.add(current);
    current = remote.get(current)?.parentId ?? null;
  }
  return false;
}

/** Lists the nodes below the root by path; nodes whose parent links miss the root are left out. */
export function listRemote(remote: Map<string, RemoteNode>, rootId: string): RemoteListing {
  const children = new Map<string, string[]>();
  for (const [id, node] of remote) {
    if (node.parentId === null || id === rootId) continue;
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(id);
    else children.set(node.parentId, [id]);
  }
  const byPath = new Map<string, RemoteEntry>();
  const pathById = new Map<string, string>();
  const pending: [string, string][] = [[rootId, '']];
  while (pending.length > 0) {
    const [folderId, folderPath] = pending.pop()!;
    for (const id of children.get(folderId) ?? []) {
      const node = remote.get(id)!;
      const path = joinPath(folderPath, node.name);
      byPath.set(path, { nodeId: id, kind: node.kind, version: node.version });
      pathById.set(id, path);
      if (node.kind === 'folder') pending.push([id, path]);
    }
  }
  return { byPath, pathById };
}

/** Removes nodes that are not below the root, such as those moved out or left by a delete. */
export function pruneUnreachable(remote: Map<string, RemoteNode>, rootId: string): void {
  const { pathById } = listRemote(remote, rootId);
  for (const id of [...remote.keys()]) {
    if (id !== rootId && !pathById.has(id)) remote.delete(id);
  }
}
