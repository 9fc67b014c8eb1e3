import { type DriveEvent, type FileVersionCommitted } from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';
import { conflictCopyName } from '../names/conflict-name.js';
import { MAX_PATH_BYTES, normalizeName } from '../names/node-name.js';
import {
  type CommitFileVersion,
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
    const { treeId, rootId, ownerId } = command;
    return [{ type: 'TreeCreated', data: { treeId, rootId, ownerId } }];
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
  }
}

function requireFolder(state: TreeState, folderId: string): TreeNode {
  const folder = state.liveNode(folderId);
  if (!folder) throw new DomainError('NOT_FOUND', `folder ${folderId} not found`, { folderId });
  if (folder.kind !== 'folder') {
    throw new DomainError('NOT_A_FOLDER', `node ${folderId} is not a folder`, { nodeId: folderId });
  }
  return folder;
}

function requireNode(state: TreeState, nodeId: string): TreeNode {
  const node = state.liveNode(nodeId);
  if (!node) throw new DomainError('NOT_FOUND', `node ${nodeId} not found`, { nodeId });
  return node;
}

function requireFreeName(state: TreeState, parentId: string, name: string, self?: string) {
  const existing = state.childByName(parentId, name);
  if (existing && existing.id !== self) {
    throw new DomainError('NAME_CONFLICT', `${JSON.stringify(name)} already exists in the folder`, {
      parentId,
      name,
      existingNodeId: existing.id,
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
function requirePathLength(state: TreeState, parentId: string, name: string, node?: TreeNode) {
  const parentPath = state.pathOf(parentId);
  const own = Buffer.byteLength(parentPath === '/' ? `/${name}` : `${parentPath}/${name}`, 'utf8');
  const total = own + (node ? deepestRelativePath(state, node) : 0);
  if (total > MAX_PATH_BYTES) {
    throw new DomainError(
      'INVALID_NAME',
      `the path would be ${total} bytes, more than ${MAX_PATH_BYTES}`,
      {
        name,
        reason: 'path too long',
      },
    );
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

function versionData(
  command: CommitFileVersion,
  nodeId: string,
  versionNumber: number,
  context: DecisionContext,
): FileVersionCommitted {
  return {
    nodeId,
    versionId: context.newId(),
    versionNumber,
    baseVersionId: command.baseVersionId,
    size: command.size,
    sha256: command.sha256,
    mtime: command.mtime,
    chunks: command.chunks,
  };
}

/** Picks a conflict-copy name that is free in the folder. */
function freeConflictName(
  state: TreeState,
  parentId: string,
  original: string,
  ctx: DecisionContext,
) {
  for (let attempt = 1; ; attempt++) {
    const name = conflictCopyName(original, ctx.now, ctx.actorName, attempt);
    if (!state.childByName(parentId, name)) return name;
  }
}

function addFile(
  command: CommitFileVersion,
  parentId: string,
  name: string,
  context: DecisionContext,
): DriveEvent[] {
  const nodeId = context.newId();
  return [
    { type: 'FileAdded', data: { nodeId, parentId, name } },
    { type: 'FileVersionCommitted', data: versionData(command, nodeId, 1, context) },
  ];
}

/**
 * Keeps a commit that lost a race as a conflict copy beside the original file, so neither edit is
 * lost and a person can see both.
 */
function keepBoth(
  state: TreeState,
  command: CommitFileVersion,
  original: TreeNode,
  parentId: string,
  context: DecisionContext,
): DriveEvent[] {
  const name = freeConflictName(state, parentId, original.name, context);
  const events = addFile(command, parentId, name, context);
  const added = events[0].data as { nodeId: string };
  events.push({
    type: 'ConflictCopyCreated',
    data: {
      nodeId: added.nodeId,
      originalNodeId: original.id,
      baseVersionId: command.baseVersionId,
      headVersionId: original.headVersionId,
    },
  });
  return events;
}

function decideCommit(
  state: TreeState,
  command: CommitFileVersion,
  context: DecisionContext,
): DriveEvent[] {
  if (command.nodeId === undefined) return decideNewFile(state, command, context);

  const node = state.nodes.get(command.nodeId);
  if (!node) throw new DomainError('NOT_FOUND', `file ${command.nodeId} not found`);
  if (node.kind !== 'file') throw new DomainError('NOT_A_FILE', `node ${node.id} is a folder`);

  if (node.deleted) {
    // The file was deleted while this client edited it: the edit comes back as a file of the same
    // name in the nearest folder that still exists, so the deletion never loses the edit.
    let parentId = node.parentId ?? state.rootId;
    while (!state.liveNode(parentId))
      parentId = state.nodes.get(parentId)?.parentId ?? state.rootId;
    const taken = state.childByName(parentId, node.name);
    const name = taken ? freeConflictName(state, parentId, node.name, context) : node.name;
    return addFile(command, parentId, name, context);
  }
  if (node.headSha256 === command.sha256) return [];
  if (command.baseVersionId !== node.headVersionId) {
    return keepBoth(state, command, node, node.parentId!, context);
  }
  const number = node.headVersionNumber + 1;
  return [{ type: 'FileVersionCommitted', data: versionData(command, node.id, number, context) }];
}

function decideNewFile(
  state: TreeState,
  command: CommitFileVersion,
  context: DecisionContext,
): DriveEvent[] {
  if (command.parentId === undefined || command.name === undefined) {
    throw new DomainError('INVALID_ARGUMENT', 'a new file needs parentId and name');
  }
  requireFolder(state, command.parentId);
  const name = normalizeName(command.name);
  const existing = state.childByName(command.parentId, name);
  if (!existing) {
    requirePathLength(state, command.parentId, name);
    return addFile(command, command.parentId, name, context);
  }
  if (existing.kind === 'folder') requireFreeName(state, command.parentId, name);
  // Two clients added the same name: identical content is the same file, different content is a
  // conflict kept as a copy.
  if (existing.headSha256 === command.sha256) return [];
  if (command.baseVersionId !== null && command.baseVersionId === existing.headVersionId) {
    const number = existing.headVersionNumber + 1;
    return [
      { type: 'FileVersionCommitted', data: versionData(command, existing.id, number, context) },
    ];
  }
  return keepBoth(state, command, existing, command.parentId, context);
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
