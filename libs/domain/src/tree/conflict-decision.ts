import { type DriveEvent } from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';
import { addFileEvents, conflictResolvedEvent, headEvent, keepBoth } from './commit-decision.js';
import { type DecisionContext, type ResolveConflict } from './tree.commands.js';
import { freeConflictName, nearestLiveFolder } from './tree-rules.js';
import { type TreeState } from './tree.state.js';

/** Decides a person's resolution of a MANUAL conflict. */
export function decideResolveConflict(
  state: TreeState,
  command: ResolveConflict,
  context: DecisionContext,
): DriveEvent[] {
  const conflict = state.openConflicts.get(command.conflictId);
  if (!conflict) {
    throw new DomainError('NOT_FOUND', `open conflict ${command.conflictId} not found`, {
      conflictId: command.conflictId,
    });
  }
  const node = state.nodes.get(conflict.nodeId)!;
  const { incoming } = conflict;
  const settle = (
    resolution: 'KEPT_HEAD' | 'TOOK_INCOMING' | 'KEPT_BOTH' | 'RESTORED',
    copyNodeId: string | null = null,
  ) =>
    conflictResolvedEvent(
      node,
      'MANUAL',
      resolution,
      incoming,
      context,
      copyNodeId,
      'user',
      conflict.conflictId,
    );

  if (command.decision === 'KEEP_HEAD') return [settle('KEPT_HEAD')];
  if (node.deleted) {
    // The file was deleted while the conflict was open: the kept content comes back as a file.
    const parentId = nearestLiveFolder(state, node);
    const taken = state.childByName(parentId, node.name);
    const name = taken ? freeConflictName(state, parentId, node.name, context) : node.name;
    const restored = addFileEvents(parentId, name, incoming, context);
    return [...restored.events, settle('RESTORED', restored.nodeId)];
  }
  if (command.decision === 'TAKE_INCOMING') {
    return [headEvent(node.id, node.headVersionNumber + 1, incoming), settle('TOOK_INCOMING')];
  }
  const copy = keepBoth(state, node, incoming, context);
  return [...copy.events, settle('KEPT_BOTH', copy.copyNodeId)];
}
