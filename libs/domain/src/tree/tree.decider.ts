import { type DriveEvent } from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';
import { normalizeName } from '../names/node-name.js';
import { decideCommit } from './commit-decision.js';
import { decideResolveConflict } from './conflict-decision.js';
import { decideApplyRetention, decideSetRetention } from './retention-decision.js';
import { decideSetSecurity } from './security-decision.js';
import { decidePurge, decideRestore } from './trash-decision.js';
import { requireFolder, requireFreeName, requireNode, requirePathLength } from './tree-rules.js';
import {
  type CreateFolder,
  type DecisionContext,
  type DeleteNode,
  type MoveNode,
  type RenameNode,
  type TreeCommand,
} from './tree.commands.js';
import { type TreeNode, TreeState } from './tree.state.js';

/**
 * Decides which events a command produces on a drive's tree. Pure: it reads the state and the
 * context and never changes either. An empty result means the command changes nothing.
 */
export function decideTree(
  state: TreeState,
  command: TreeCommand,
  context: DecisionContext,
): DriveEvent[] {
  if (command.type === 'CreateTree') {
    if (state.exists) {
      throw new DomainError('ALREADY_EXISTS', `tree ${command.treeId} already exists`);
    }
    const { treeId, rootId, ownerId, caseSensitive } = command;
    return [{ type: 'TreeCreated', data: { treeId, rootId, ownerId, caseSensitive } }];
  }
  if (!state.exists) throw new DomainError('NOT_FOUND', 'drive not found');
  switch (command.type) {
    case 'CreateFolder':
      return decideCreateFolder(state, command);
    case 'CommitFileVersion':
      return decideCommit(state, command, context);
    case 'RenameNode':
      return decideRename(state, command);
    case 'MoveNode':
      return decideMove(state, command);
    case 'DeleteNode':
      return decideDelete(state, command);
    case 'ResolveConflict':
      return decideResolveConflict(state, command, context);
    case 'RestoreNode':
      return decideRestore(state, command, context);
    case 'PurgeNode':
      return decidePurge(state, command);
    case 'SetRetentionPolicy':
      return decideSetRetention(state, command);
    case 'ApplyRetention':
      return decideApplyRetention(state, command);
    case 'SetNodeSecurity':
      return decideSetSecurity(state, command);
  }
}

function decideCreateFolder(state: TreeState, command: CreateFolder): DriveEvent[] {
  requireFolder(state, command.parentId);
  const name = normalizeName(command.name);
  requireFreeName(state, command.parentId, name);
  requirePathLength(state, command.parentId, name);
  return [
    { type: 'FolderCreated', data: { nodeId: command.nodeId, parentId: command.parentId, name } },
  ];
}

function requireNotRoot(state: TreeState, node: TreeNode): void {
  if (node.id === state.rootId) {
    throw new DomainError('ROOT_IMMUTABLE', 'the root folder cannot be renamed, moved or deleted');
  }
}

function decideRename(state: TreeState, command: RenameNode): DriveEvent[] {
  const node = requireNode(state, command.nodeId);
  requireNotRoot(state, node);
  const name = normalizeName(command.name);
  if (name === node.name) return [];
  requireFreeName(state, node.parentId!, name, node.id);
  requirePathLength(state, node.parentId!, name, node);
  return [{ type: 'NodeRenamed', data: { nodeId: node.id, name, previousName: node.name } }];
}

function decideMove(state: TreeState, command: MoveNode): DriveEvent[] {
  const node = requireNode(state, command.nodeId);
  requireNotRoot(state, node);
  requireFolder(state, command.parentId);
  const name = command.name === undefined ? node.name : normalizeName(command.name);
  if (state.isSelfOrDescendant(command.parentId, node.id)) {
    throw new DomainError('MOVE_CYCLE', 'a folder cannot be moved into itself or its descendants', {
      nodeId: node.id,
      parentId: command.parentId,
    });
  }
  if (command.parentId === node.parentId) {
    return decideRename(state, { type: 'RenameNode', nodeId: node.id, name });
  }
  requireFreeName(state, command.parentId, name, node.id);
  requirePathLength(state, command.parentId, name, node);
  const data = {
    nodeId: node.id,
    parentId: command.parentId,
    previousParentId: node.parentId!,
    name,
    previousName: node.name,
  };
  return [{ type: 'NodeMoved', data }];
}

function decideDelete(state: TreeState, command: DeleteNode): DriveEvent[] {
  const node = requireNode(state, command.nodeId);
  requireNotRoot(state, node);
  return [{ type: 'NodeDeleted', data: { nodeId: node.id } }];
}
