import {
  type ConflictResolution,
  type ConflictStrategy,
  type DriveEvent,
  type IncomingVersion,
} from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';
import { normalizeName } from '../names/node-name.js';
import { type CommitFileVersion, type DecisionContext } from './tree.commands.js';
import {
  freeConflictName,
  nearestLiveFolder,
  requireFolder,
  requireFreeName,
  requirePathLength,
} from './tree-rules.js';
import { type TreeNode, type TreeState } from './tree.state.js';

function incomingOf(command: CommitFileVersion, context: DecisionContext): IncomingVersion {
  return {
    versionId: context.newId(),
    baseVersionId: command.baseVersionId,
    size: command.size,
    sha256: command.sha256,
    mtime: command.mtime,
    chunks: command.chunks,
  };
}

/** Makes an incoming version the head of a file. */
export function headEvent(nodeId: string, number: number, incoming: IncomingVersion): DriveEvent {
  return { type: 'FileVersionCommitted', data: { nodeId, versionNumber: number, ...incoming } };
}

/** Adds a file holding the incoming version; returns its events and its id. */
export function addFileEvents(
  parentId: string,
  name: string,
  incoming: IncomingVersion,
  context: DecisionContext,
): { events: DriveEvent[]; nodeId: string } {
  const nodeId = context.newId();
  const events: DriveEvent[] = [
    { type: 'FileAdded', data: { nodeId, parentId, name } },
    headEvent(nodeId, 1, incoming),
  ];
  return { events, nodeId };
}

function resolved(
  node: TreeNode,
  strategy: ConflictStrategy,
  resolution: ConflictResolution,
  incoming: IncomingVersion,
  context: DecisionContext,
  copyNodeId: string | null = null,
  resolvedBy: 'server' | 'user' = 'server',
  conflictId: string = context.newId(),
): DriveEvent {
  const data = {
    conflictId,
    nodeId: node.id,
    strategy,
    resolution,
    headVersionId: node.headVersionId,
    incoming,
    copyNodeId,
    resolvedBy,
  };
  return { type: 'ConflictResolved', data };
}

/** Keeps the incoming content as a file beside the original, named so a person understands it. */
export function keepBoth(
  state: TreeState,
  node: TreeNode,
  incoming: IncomingVersion,
  context: DecisionContext,
): { events: DriveEvent[]; copyNodeId: string } {
  const parentId = node.deleted ? nearestLiveFolder(state, node) : node.parentId!;
  const name = freeConflictName(state, parentId, node.name, context);
  const copy = addFileEvents(parentId, name, incoming, context);
  return { events: copy.events, copyNodeId: copy.nodeId };
}

/**
 * Settles a commit that lost a race against the head of node, by the strategy. Every outcome
 * keeps the incoming content in the log, so no edit is ever lost.
 */
function settleConflict(
  state: TreeState,
  node: TreeNode,
  incoming: IncomingVersion,
  strategy: ConflictStrategy,
  context: DecisionContext,
): DriveEvent[] {
  const takeIncoming = (): DriveEvent[] => [
    headEvent(node.id, node.headVersionNumber + 1, incoming),
    resolved(node, strategy, 'TOOK_INCOMING', incoming, context),
  ];
  switch (strategy) {
    case 'MANUAL': {
      const data = {
        conflictId: context.newId(),
        nodeId: node.id,
        headVersionId: node.headVersionId,
        incoming,
      };
      return [{ type: 'ConflictOpened', data }];
    }
    case 'KEEP_BOTH': {
      const copy = keepBoth(state, node, incoming, context);
      return [
        ...copy.events,
        resolved(node, strategy, 'KEPT_BOTH', incoming, context, copy.copyNodeId),
      ];
    }
    case 'CLIENT_WINS':
      return takeIncoming();
    case 'SERVER_WINS':
      return [resolved(node, strategy, 'KEPT_HEAD', incoming, context)];
    case 'LAST_WRITER_WINS':
      // The later modification time wins; on a tie the commit that arrives last does.
      return Date.parse(incoming.mtime) >= Date.parse(node.headMtime ?? '')
        ? takeIncoming()
        : [resolved(node, strategy, 'KEPT_HEAD', incoming, context)];
  }
}

/**
 * Brings a file deleted while a client edited it back with the edit, in the nearest folder that
 * still exists, so a deletion never loses an edit.
 */
function restoreDeleted(
  state: TreeState,
  node: TreeNode,
  incoming: IncomingVersion,
  strategy: ConflictStrategy,
  context: DecisionContext,
): DriveEvent[] {
  const parentId = nearestLiveFolder(state, node);
  const taken = state.childByName(parentId, node.name);
  const name = taken ? freeConflictName(state, parentId, node.name, context) : node.name;
  const restored = addFileEvents(parentId, name, incoming, context);
  return [
    ...restored.events,
    resolved(node, strategy, 'RESTORED', incoming, context, restored.nodeId),
  ];
}

/** Decides a commit to an existing file (nodeId) or of a new file (parentId and name). */
export function decideCommit(
  state: TreeState,
  command: CommitFileVersion,
  context: DecisionContext,
): DriveEvent[] {
  if (command.nodeId === undefined) return decideNewFile(state, command, context);
  const node = state.nodes.get(command.nodeId);
  if (!node) throw new DomainError('NOT_FOUND', `file ${command.nodeId} not found`);
  if (node.kind !== 'file') throw new DomainError('NOT_A_FILE', `node ${node.id} is a folder`);
  const incoming = incomingOf(command, context);
  if (node.deleted) return restoreDeleted(state, node, incoming, command.strategy, context);
  if (node.headSha256 === command.sha256) return [];
  if (command.baseVersionId !== node.headVersionId) {
    return settleConflict(state, node, incoming, command.strategy, context);
  }
  return [headEvent(node.id, node.headVersionNumber + 1, incoming)];
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
  const incoming = incomingOf(command, context);
  if (!existing) {
    requirePathLength(state, command.parentId, name);
    return addFileEvents(command.parentId, name, incoming, context).events;
  }
  if (existing.kind === 'folder') requireFreeName(state, command.parentId, name);
  // Two clients added the same name: identical content is the same file, and different content
  // is a conflict with the file that arrived first.
  if (existing.headSha256 === command.sha256) return [];
  if (command.baseVersionId !== null && command.baseVersionId === existing.headVersionId) {
    return [headEvent(existing.id, existing.headVersionNumber + 1, incoming)];
  }
  return settleConflict(state, existing, incoming, command.strategy, context);
}

export { resolved as conflictResolvedEvent };
