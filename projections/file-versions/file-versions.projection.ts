import { type EntityManager } from 'typeorm';
import {
  type ConflictOpened,
  type ConflictResolved,
  type FileVersionCommitted,
  type IncomingVersion,
  type VersionsPruned,
} from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';
import { returningRows } from '../runtime/returning-rows.js';

type VersionState = 'committed' | 'pending' | 'rejected';

/**
 * Builds the version history of every file with each version's ordered chunk list. Besides the
 * committed versions it keeps the incoming version of a conflict: pending while a MANUAL conflict
 * is open, rejected when a strategy kept the head. A later commit of the same version id (a
 * person taking the incoming content) turns the row into a committed version.
 */
export class FileVersionsProjection implements Projection {
  readonly name = 'file-versions';
  readonly tables = ['file_versions', 'version_chunks'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'FileVersionCommitted': {
        const data = event.data as FileVersionCommitted;
        return this.upsert(tx, event, data.nodeId, data, data.versionNumber, 'committed');
      }
      case 'ConflictOpened': {
        const data = event.data as ConflictOpened;
        return this.upsert(tx, event, data.nodeId, data.incoming, null, 'pending');
      }
      case 'ConflictResolved': {
        const data = event.data as ConflictResolved;
        if (data.resolution !== 'KEPT_HEAD') return;
        return this.upsert(tx, event, data.nodeId, data.incoming, null, 'rejected');
      }
      case 'VersionsPruned':
        return this.prune(tx, event.data as VersionsPruned);
    }
  }

  /** Removes pruned versions with their chunk lists, which leaves their chunks collectable. */
  private async prune(tx: EntityManager, data: VersionsPruned): Promise<void> {
    const pruned = await returningRows<{ id: string }>(
      tx,
      'DELETE FROM file_versions WHERE node_id = $1 AND id = ANY($2::uuid[]) RETURNING id',
      [data.nodeId, data.versionIds],
    );
    if (pruned.length === 0) return;
    await tx.query('DELETE FROM version_chunks WHERE version_id = ANY($1::uuid[])', [
      pruned.map((row) => row.id),
    ]);
  }

  private async upsert(
    tx: EntityManager,
    event: RecordedEvent,
    nodeId: string,
    version: IncomingVersion,
    number: number | null,
    state: VersionState,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO file_versions (id, tenant_id, tree_id, node_id, number, size, sha256, mtime,
         base_version_id, actor_id, created_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET node_id = $4, number = $5, state = $12`,
      [
        version.versionId,
        event.metadata.tenantId,
        event.streamId.slice('tree-'.length),
        nodeId,
        number,
        version.size,
        version.sha256,
        version.mtime,
        version.baseVersionId,
        event.metadata.actor.id,
        event.metadata.occurredAt,
        state,
      ],
    );
    if (version.chunks.length === 0) return;
    const hashes: string[] = [];
    const sizes: number[] = [];
    const offsets: string[] = [];
    let offset = 0;
    for (const [hash, size] of version.chunks) {
      hashes.push(hash);
      sizes.push(size);
      offsets.push(String(offset));
      offset += size;
    }
    await tx.query(
      `INSERT INTO version_chunks (version_id, ordinal, sha256, size, "offset")
       SELECT $1, chunk.ordinal - 1, chunk.sha256, chunk.size, chunk.start
       FROM unnest($2::text[], $3::int[], $4::bigint[])
         WITH ORDINALITY AS chunk(sha256, size, start, ordinal)
       ON CONFLICT DO NOTHING`,
      [version.versionId, hashes, sizes, offsets],
    );
  }
}
