import { type DriveEvent } from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';
import { restoredName } from '../names/conflict-name.js';
import { type DecisionContext, type PurgeNode, type RestoreNode } from './tree.commands.js';
import { type TreeNode, type TreeState } from './tree.state.js';

/** The node if it is an item of the trash: deleted by its own deletion and not purged. */
function requireTrashItem(state: TreeState, nodeId: string): TreeNode {
  const node = state.nodes.get(nodeId);
  if (!node || !node.deleted || node.trashRoot !== node.id || node.purged) {
    throw new DomainError('NOT_FOUND', `node ${nodeId} is not in the trash`, { nodeId });
  }
  return node;
}

/**
 * Restores a trash item to its folder. When that folder was deleted since, the missing folders
 * are created again by name below the nearest one that still exists, so the item returns to the
 * same path; a name taken meanwhile gets a "(restored …)" suffix.
 */
export function decideRestore(
  state: TreeState,
  command: RestoreNode,
  context: DecisionContext,
): DriveEvent[] {
  const node = requireTrashItem(state, command.nodeId);
  const missing: TreeNode[] = [];
  let parentId = node.parentId ?? state.rootId;
  while (!state.liveNode(parentId)) {
    const folder = state.nodes.get(parentId)!;
    missing.unshift(folder);
    parentId = folder.parentId ?? state.rootId;
  }
  const events: DriveEvent[] = [];
  for (const folder of missing) {
    const existing = state.childByName(parentId, folder.name);
    if (existing?.kind === 'folder') {
      parentId = existing.id;
      continue;
    }
    const name = existing ? restoredName(folder.name, context.now) : folder.name;
    const nodeId = context.newId();
    events.push({ type: 'FolderCreated', data: { nodeId, parentId, name } });
    parentId = nodeId;
  }
  const taken = events.length === 0 && state.childByName(parentId, node.name);
  const name = taken ? restoredName(node.name, context.now) : node.name;
  events.push({ type: 'NodeRestored', data: { nodeId: node.id, parentId, name } });
  return events;
}

export function decidePurge(state: TreeState, command: PurgeNode): DriveEvent[] {
  const node = requireTrashItem(state, command.nodeId);
  return [{ type: 'NodePurged', data: { nodeId: node.id } }];
}
