import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ChunkRef, type CommitFileVersion, type DriveEvent } from '@scaidrive/domain';
import { DriveAccess } from '../drive-access.js';
import { TreeCommandExecutor, type TreeCommandResult } from '../tree-command-executor.js';
import { VersionVerifier } from '../version-verifier.js';
import { StorageQuota } from '../../quota/storage-quota.js';
import { ConflictPolicy } from '../conflict-policy.js';
import {
  CommitFileVersionCommand,
  type CommitFileVersionResult,
  type ConflictOutcome,
} from './commit-file-version.command.js';

function find<K extends DriveEvent['type']>(events: readonly DriveEvent[], type: K) {
  return events.find((event): event is Extract<DriveEvent, { type: K }> => event.type === type);
}

/** Describes the conflict a commit ran into, if any. */
export function conflictOutcome(events: readonly DriveEvent[]): ConflictOutcome | null {
  const opened = find(events, 'ConflictOpened');
  if (opened) {
    return {
      conflictId: opened.data.conflictId,
      status: 'open',
      strategy: 'MANUAL',
      resolution: null,
      originalNodeId: opened.data.nodeId,
      copyNodeId: null,
      incomingVersionId: opened.data.incoming.versionId,
    };
  }
  const settled = find(events, 'ConflictResolved');
  if (!settled) return null;
  return {
    conflictId: settled.data.conflictId,
    status: 'resolved',
    strategy: settled.data.strategy,
    resolution: settled.data.resolution,
    originalNodeId: settled.data.nodeId,
    copyNodeId: settled.data.copyNodeId,
    incomingVersionId: settled.data.incoming.versionId,
  };
}

function outcome(
  result: TreeCommandResult,
  fallbackNodeId: string | null,
): CommitFileVersionResult {
  const committed = find(result.events, 'FileVersionCommitted');
  const conflict = conflictOutcome(result.events);
  const nodeId = committed?.data.nodeId ?? conflict?.originalNodeId ?? fallbackNodeId!;
  const versionId =
    committed?.data.versionId ?? result.state.nodes.get(nodeId)?.headVersionId ?? null;
  return { nodeId, versionId, position: result.position, conflict };
}

@CommandHandler(CommitFileVersionCommand)
export class CommitFileVersionHandler implements ICommandHandler<CommitFileVersionCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly verifier: VersionVerifier,
    private readonly executor: TreeCommandExecutor,
    private readonly policy: ConflictPolicy,
    private readonly quota: StorageQuota,
  ) {}

  async execute(command: CommitFileVersionCommand): Promise<CommitFileVersionResult> {
    const { principal, version, target } = command;
    const anchorId = 'nodeId' in target ? target.nodeId : target.parentId;
    const anchor = await this.access.requireNode(
      principal,
      anchorId,
      'nodeId' in target ? { right: 'WRITE', includeDeleted: true } : { right: 'CREATE' },
    );
    await this.verifier.verify(principal, version.chunks, version.size, version.sha256);
    const chunks: ChunkRef[] = version.chunks.map((chunk) => [chunk.sha256, chunk.size]);
    const treeCommand: CommitFileVersion = {
      type: 'CommitFileVersion',
      ...target,
      baseVersionId: version.baseVersionId ?? null,
      size: version.size,
      sha256: version.sha256,
      mtime: new Date(version.mtime).toISOString(),
      chunks,
      strategy:
        version.conflictStrategy ?? (await this.policy.defaultStrategy(principal, anchor.tree_id)),
    };
    const result = await this.quota.within(anchor.tree_id, version.size, () =>
      this.executor.execute(principal, anchor.tree_id, treeCommand),
    );
    if (result.events.length > 0) return outcome(result, null);
    // Nothing changed: the content is already the head of the target, or of the file of that name.
    const existing =
      'nodeId' in target
        ? target.nodeId
        : (result.state.childByName(target.parentId, target.name)?.id ?? null);
    return outcome(result, existing);
  }
}
