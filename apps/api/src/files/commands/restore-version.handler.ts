import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ChunkRef } from '@scaidrive/domain';
import { ChunkAccess } from '../../chunks/chunk-access.js';
import { StorageQuota } from '../../quota/storage-quota.js';
import { NodeQueries } from '../node-queries.js';
import { TreeCommandExecutor } from '../tree-command-executor.js';
import { DriveAccess } from '../drive-access.js';
import { type CommitFileVersionResult } from './commit-file-version.command.js';
import { conflictOutcome } from './commit-file-version.handler.js';
import { RestoreVersionCommand } from './restore-version.command.js';

@CommandHandler(RestoreVersionCommand)
export class RestoreVersionHandler implements ICommandHandler<RestoreVersionCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly queries: NodeQueries,
    private readonly executor: TreeCommandExecutor,
    private readonly chunkAccess: ChunkAccess,
    private readonly quota: StorageQuota,
  ) {}

  async execute(command: RestoreVersionCommand): Promise<CommitFileVersionResult> {
    const { principal, nodeId, versionId } = command;
    const node = await this.access.requireNode(principal, nodeId, { right: 'WRITE' });
    const version = await this.queries.version(principal, nodeId, versionId);
    const versionChunks = await this.queries.chunksOf(versionId);
    // Retention may prune the old version meanwhile, so the new version reserves its chunks
    // against garbage collection like any commit does.
    await this.chunkAccess.reserve(principal, versionChunks);
    const chunks: ChunkRef[] = versionChunks.map((chunk) => [chunk.sha256, chunk.size]);
    // The restore is based on the head the caller saw, so it replaces the head outright; a
    // commit racing it is settled like any other concurrent commit.
    const result = await this.quota.within(node.tree_id, version.size, () =>
      this.executor.execute(principal, node.tree_id, {
        type: 'CommitFileVersion',
        nodeId,
        baseVersionId: node.head_version_id,
        size: version.size,
        sha256: version.sha256,
        mtime: new Date().toISOString(),
        chunks,
        strategy: 'KEEP_BOTH',
      }),
    );
    const committed = result.events.find((event) => event.type === 'FileVersionCommitted');
    const target = committed ? (committed.data as { nodeId: string; versionId: string }) : null;
    return {
      nodeId: target?.nodeId ?? nodeId,
      versionId: target?.versionId ?? node.head_version_id,
      position: result.position,
      conflict: conflictOutcome(result.events),
    };
  }
}
