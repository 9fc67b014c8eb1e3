import { type EntityManager } from 'typeorm';
import { type ConflictOpened, type ConflictResolved } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';

/** Builds the conflicts table: open MANUAL conflicts and every conflict a strategy settled. */
export class ConflictsProjection implements Projection {
  readonly name = 'conflicts';
  readonly tables = ['conflicts'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    const treeId = event.streamId.slice('tree-'.length);
    const { tenantId, occurredAt, actor } = event.metadata;
    if (event.type === 'ConflictOpened') {
      const data = event.data as ConflictOpened;
      await tx.query(
        `INSERT INTO conflicts (id, tenant_id, tree_id, node_id, strategy, status,
           head_version_id, incoming_version_id, actor_id, created_at)
         VALUES ($1, $2, $3, $4, 'MANUAL', 'open', $5, $6, $7, $8)`,
        [
          data.conflictId,
          tenantId,
          treeId,
          data.nodeId,
          data.headVersionId,
          data.incoming.versionId,
          actor.id,
          occurredAt,
        ],
      );
    } else if (event.type === 'ConflictResolved') {
      const data = event.data as ConflictResolved;
      await tx.query(
        `INSERT INTO conflicts (id, tenant_id, tree_id, node_id, strategy, status, resolution,
           resolved_by, head_version_id, incoming_version_id, copy_node_id, actor_id, created_at,
           resolved_at)
         VALUES ($1, $2, $3, $4, $5, 'resolved', $6, $7, $8, $9, $10, $11, $12, $12)
         ON CONFLICT (id) DO UPDATE SET status = 'resolved', resolution = $6, resolved_by = $7,
           copy_node_id = $10, resolved_at = $12`,
        [
          data.conflictId,
          tenantId,
          treeId,
          data.nodeId,
          data.strategy,
          data.resolution,
          data.resolvedBy,
          data.headVersionId,
          data.incoming.versionId,
          data.copyNodeId,
          actor.id,
          occurredAt,
        ],
      );
    }
  }
}
