import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ChunkRef, type CommitFileVersion, type DriveEvent } from '@scaidrive/domain';
import { DriveAccess } from '../drive-access.js';
import { TreeCommandExecutor, type TreeCommandResult } from '../tree-command-executor.js';
import { VersionVerifier } from '../version-verifier.js';
import {
  CommitFileVersionCommand,
  type CommitFileVersionResult,
} from './commit-file-version.command.js';

function outcome(
  result: TreeCommandResult,
  fallbackNodeId: string | null,
): CommitFileVersionResult {
  const committed = result.events.find(
    (event): event is Extract<DriveEvent, { type: 'FileVersionCommitted' }> =>
      event.type === 'FileVersionCommitted',
  );
  const copy = result.events.find(
    (event): event is Extract<DriveEvent, { type: 'ConflictCopyCreated' }> =>
      event.type === 'ConflictCopyCreated',
  );
  const nodeId = committed?.data.nodeId ?? fallbackNodeId!;
  const versionId =
    committed?.data.versionId ?? result.state.nodes.get(nodeId)?.headVersionId ?? null;
  return {
    nodeId,
    versionId,
    position: result.position,
    conflict: copy
      ? { originalNodeId: copy.data.originalNodeId, copyNodeId: copy.data.nodeId }
      : null,
  };
}

@CommandHandler(CommitFileVersionCommand)
export class CommitFileVersionHandler implements ICommandHandler<CommitFileVersionCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly verifier: VersionVerifier,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: CommitFileVersionCommand): Promise<CommitFileVersionResult> {
    const { principal, version, target } = command;
    const anchorId = 'nodeId' in target ? target.nodeId : target.parentId;
    const anchor = await this.access.requireNode(principal, anchorId, 'nodeId' in target);
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
    };
    const result = await this.executor.execute(principal, anchor.tree_id, treeCommand);
    if (result.events.length > 0) return outcome(result, null);
    // Nothing changed: the content is already the head of the target, or of the file of that name.
    const existing =
      'nodeId' in target
        ? target.nodeId
        : (result.state.childByName(target.parentId, target.name)?.id ?? null);
    return outcome(result, existing);
  }
}
