import {
  type DriveEvent,
  type IncomingVersion,
  type RetentionPolicy,
} from '../events/drive-events.js';
import { nameKey } from '../names/node-name.js';
import { commitVersion, newNode, pruneVersions, type TreeNode } from './tree-node.js';

export type { RetainedVersion, TreeNode } from './tree-node.js';

/** A MANUAL conflict that waits for a person. */
export interface OpenConflict {
  readonly conflictId: string;
  readonly nodeId: string;
  readonly incoming: IncomingVersion;
}

/**
 * State of one drive's tree, rebuilt from its stream. It is mutable because a drive holds many
 * thousands of nodes and is cached between commands; only evolveTree changes it.
 */
export class TreeState {
  treeId = '';
  rootId = '';
  ownerId = '';
  /** Whether names that differ only in case may stand side by side in a folder. */
  caseSensitive = false;
  readonly nodes = new Map<string, TreeNode>();
  /** Live children of each folder by name key. */
  readonly children = new Map<string, Map<string, string>>();
  readonly openConflicts = new Map<string, OpenConflict>();
  /** The policy the owner set; null while the defaults apply. */
  retention: RetentionPolicy | null = null;

  get exists(): boolean {
    return this.rootId !== '';
  }

  liveNode(nodeId: string): TreeNode | undefined {
    const node = this.nodes.get(nodeId);
    return node && !node.deleted ? node : undefined;
  }

  childByName(parentId: string, name: string): TreeNode | undefined {
    const id = this.children.get(parentId)?.get(nameKey(name, this.caseSensitive));
    const node = id === undefined ? undefined : this.nodes.get(id);
    return node && !node.deleted ? node : undefined;
  }

  /** Every node below a folder, whatever its state, found through the children indexes. */
  *descendants(folderId: string): Generator<TreeNode> {
    const stack = [folderId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const childId of this.children.get(id)?.values() ?? []) {
        const child = this.nodes.get(childId);
        if (!child) continue;
        yield child;
        stack.push(childId);
      }
    }
  }

  *liveDescendants(folderId: string): Generator<TreeNode> {
    for (const node of this.descendants(folderId)) if (!node.deleted) yield node;
  }

  /** True when candidate is node itself or lies below it. */
  isSelfOrDescendant(candidateId: string, nodeId: string): boolean {
    let current: string | null = candidateId;
    while (current !== null) {
      if (current === nodeId) return true;
      current = this.nodes.get(current)?.parentId ?? null;
    }
    return false;
  }

  pathOf(nodeId: string): string {
    const names: string[] = [];
    let node = this.nodes.get(nodeId);
    while (node && node.parentId !== null) {
      names.push(node.name);
      node = this.nodes.get(node.parentId);
    }
    return '/' + names.reverse().join('/');
  }
}

function link(state: TreeState, node: TreeNode): void {
  if (node.parentId === null) return;
  let siblings = state.children.get(node.parentId);
  if (!siblings) {
    siblings = new Map();
    state.children.set(node.parentId, siblings);
  }
  siblings.set(nameKey(node.name, state.caseSensitive), node.id);
}

function unlink(state: TreeState, node: TreeNode): void {
  if (node.parentId === null) return;
  const siblings = state.children.get(node.parentId);
  const key = nameKey(node.name, state.caseSensitive);
  if (siblings?.get(key) === node.id) siblings.delete(key);
}

/**
 * Marks a node and its live descendants as deleted by it. Children indexes of deleted folders
 * stay, so a restore can bring the subtree back as it was.
 */
function markDeleted(state: TreeState, node: TreeNode, at: number): void {
  node.deleted = true;
  node.trashRoot = node.id;
  node.deletedAt = at;
  for (const descendant of state.liveDescendants(node.id)) {
    descendant.deleted = true;
    descendant.trashRoot = node.id;
  }
}

function restore(state: TreeState, root: TreeNode, parentId: string, name: string): void {
  for (const descendant of state.descendants(root.id)) {
    if (descendant.trashRoot !== root.id) continue;
    descendant.deleted = false;
    descendant.trashRoot = null;
  }
  root.deleted = false;
  root.trashRoot = null;
  root.deletedAt = null;
  root.parentId = parentId;
  root.name = name;
  link(state, root);
}

/**
 * Applies one event of the tree stream to the state and returns the same state. occurredAt is the
 * ISO 8601 time from the event's metadata, which dates versions and deletions for retention.
 */
export function evolveTree(state: TreeState, event: DriveEvent, occurredAt: string): TreeState {
  const at = Date.parse(occurredAt);
  switch (event.type) {
    case 'TreeCreated': {
      state.treeId = event.data.treeId;
      state.rootId = event.data.rootId;
      state.ownerId = event.data.ownerId;
      state.caseSensitive = event.data.caseSensitive ?? false;
      state.nodes.set(event.data.rootId, newNode(event.data.rootId, null, '', 'folder'));
      break;
    }
    case 'FolderCreated':
    case 'FileAdded': {
      const kind = event.type === 'FolderCreated' ? 'folder' : 'file';
      const node = newNode(event.data.nodeId, event.data.parentId, event.data.name, kind);
      state.nodes.set(node.id, node);
      link(state, node);
      break;
    }
    case 'FileVersionCommitted': {
      const node = state.nodes.get(event.data.nodeId);
      if (node) {
        node.headVersionId = event.data.versionId;
        node.headVersionNumber = event.data.versionNumber;
        node.headSha256 = event.data.sha256;
        node.headMtime = event.data.mtime;
        commitVersion(node, event.data.versionId, at);
      }
      break;
    }
    case 'NodeRenamed':
    case 'NodeMoved': {
      const node = state.nodes.get(event.data.nodeId);
      if (!node) break;
      unlink(state, node);
      if (event.type === 'NodeMoved') node.parentId = event.data.parentId;
      node.name = event.data.name;
      link(state, node);
      break;
    }
    case 'NodeDeleted': {
      const node = state.nodes.get(event.data.nodeId);
      if (!node) break;
      unlink(state, node);
      markDeleted(state, node, at);
      break;
    }
    case 'NodeRestored': {
      const node = state.nodes.get(event.data.nodeId);
      if (node) restore(state, node, event.data.parentId, event.data.name);
      break;
    }
    case 'NodePurged': {
      const node = state.nodes.get(event.data.nodeId);
      if (!node) break;
      node.purged = true;
      for (const descendant of state.descendants(node.id)) {
        if (descendant.trashRoot === node.id) descendant.purged = true;
      }
      break;
    }
    case 'ConflictOpened': {
      const { conflictId, nodeId, incoming } = event.data;
      state.openConflicts.set(conflictId, { conflictId, nodeId, incoming });
      break;
    }
    case 'ConflictResolved': {
      state.openConflicts.delete(event.data.conflictId);
      const node = state.nodes.get(event.data.nodeId);
      if (node && event.data.resolution === 'KEPT_HEAD') {
        node.rejectedVersionIds.push(event.data.incoming.versionId);
      }
      break;
    }
    case 'RetentionPolicySet':
      state.retention = event.data.policy;
      break;
    case 'VersionsPruned': {
      const node = state.nodes.get(event.data.nodeId);
      if (node) pruneVersions(node, event.data.versionIds);
      break;
    }
    case 'NodeSecuritySet': {
      const node = state.nodes.get(event.data.nodeId);
      if (node) node.security = event.data.security;
      break;
    }
  }
  return state;
}
