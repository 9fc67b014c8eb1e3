import { DomainError } from '../errors/domain-error.js';
import { conflictCopyName } from '../names/conflict-name.js';
import { MAX_PATH_BYTES } from '../names/node-name.js';
import { type DecisionContext } from './tree.commands.js';
import { type TreeNode, type TreeState } from './tree.state.js';

/** Checks shared by the tree's decisions; each throws a DomainError when its rule is broken. */

export function requireFolder(state: TreeState, folderId: string): TreeNode {
  const folder = state.liveNode(folderId);
  if (!folder) throw new DomainError('NOT_FOUND', `folder ${folderId} not found`, { folderId });
  if (folder.kind !== 'folder') {
    throw new DomainError('NOT_A_FOLDER', `node ${folderId} is not a folder`, { nodeId: folderId });
  }
  return folder;
}

export function requireNode(state: TreeState, nodeId: string): TreeNode {
  const node = state.liveNode(nodeId);
  if (!node) throw new DomainError('NOT_FOUND', `node ${nodeId} not found`, { nodeId });
  return node;
}

export function requireFreeName(state: TreeState, parentId: string, name: string, self?: string) {
  const existing = state.childByName(parentId, name);
  if (existing && existing.id !== self) {
    // Without the existing node's id: in a share, entries may hide that node from the caller.
    throw new DomainError('NAME_CONFLICT', `${JSON.stringify(name)} already exists in the folder`, {
      parentId,
      name,
    });
  }
}

/** Longest path below node, relative to it, in UTF-8 bytes (0 for a file). */
function deepestRelativePath(state: TreeState, node: TreeNode): number {
  let deepest = 0;
  const stack: [string, number][] = [[node.id, 0]];
  while (stack.length > 0) {
    const [id, length] = stack.pop()!;
    deepest = Math.max(deepest, length);
    for (const childId of state.children.get(id)?.values() ?? []) {
      const child = state.nodes.get(childId)!;
      stack.push([childId, length + 1 + Buffer.byteLength(child.name, 'utf8')]);
    }
  }
  return deepest;
}

/** Rejects a name whose path, or the path of anything below the node, would pass the limit. */
export function requirePathLength(
  state: TreeState,
  parentId: string,
  name: string,
  node?: TreeNode,
): void {
  const parentPath = state.pathOf(parentId);
  const own = Buffer.byteLength(parentPath === '/' ? `/${name}` : `${parentPath}/${name}`, 'utf8');
  const total = own + (node ? deepestRelativePath(state, node) : 0);
  if (total > MAX_PATH_BYTES) {
    throw new DomainError(
      'INVALID_NAME',
      `the path would be ${total} bytes, more than ${MAX_PATH_BYTES}`,
      { name, reason: 'path too long' },
    );
  }
}

/** Picks a conflict-copy name that is free in the folder. */
export function freeConflictName(
  state: TreeState,
  parentId: string,
  original: string,
  context: DecisionContext,
): string {
  for (let attempt = 1; ; attempt++) {
    const name = conflictCopyName(original, context.now, context.actorName, attempt);
    if (!state.childByName(parentId, name)) return name;
  }
}

/** The nearest folder that still exists at or above the node's last parent. */
export function nearestLiveFolder(state: TreeState, node: TreeNode): string {
  let parentId = node.parentId ?? state.rootId;
  while (!state.liveNode(parentId)) parentId = state.nodes.get(parentId)?.parentId ?? state.rootId;
  return parentId;
}
