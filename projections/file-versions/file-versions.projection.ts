import { EntityManager } from 'typeorm';
import { type FileVersionCommitted } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';

/** Builds the version history of every file with each version's ordered chunk list. */
export class FileVersionsProjection implements Projection {
  readonly name = 'file-versions';
  readonly tables = ['file_versions', 'version_chunks'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type !== 'FileVersionCommitted') return;
    const data = event.data as FileVersionCommitted;
    await tx.query(
      `INSERT INTO file_versions (id, tenant_id, tree_id, node_id, number, size, sha256, mtime,
         base_version_id, actor_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        data.versionId,
        event.metadata.tenantId,
        event.streamId.slice('tree-'.length),
        data.nodeId,
        data.versionNumber,
        data.size,
        data.sha256,
        data.mtime,
        data.baseVersionId,
        event.metadata.actor.id,
        event.metadata.occurredAt,
      ],
    );
    if (data.chunks.length === 0) return;
    const hashes: string[] = [];
    const sizes: number[] = [];
    const offsets: string[] = [];
    let offset = 0;
    for (const [hash, size] of data.chunks) {
      hashes.push(hash);
      sizes.push(size);
      offsets.push(String(offset));
      offset += size;
    }
    await tx.query(
      `INSERT INTO version_chunks (version_id, ordinal, sha256, size, "offset")
       SELECT $1, chunk.ordinal - 1, chunk.sha256, chunk.size, chunk.start
       FROM unnest($2::text[], $3::int[], $4::bigint[])
         WITH ORDINALITY AS chunk(sha256, size, start, ordinal)`,
      [data.versionId, hashes, sizes, offsets],
    );
  }
}
