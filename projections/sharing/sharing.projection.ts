import { EntityManager } from 'typeorm';
import { type SharingEventMap } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';

type Data<K extends keyof SharingEventMap> = SharingEventMap[K];

/** Builds the groups, group_members, shares and share_members tables. */
export class SharingProjection implements Projection {
  readonly name = 'sharing';
  readonly tables = ['groups', 'group_members', 'shares', 'share_members'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    const { tenantId, occurredAt } = event.metadata;
    switch (event.type) {
      case 'GroupCreated': {
        const data = event.data as Data<'GroupCreated'>;
        await tx.query(
          'INSERT INTO groups (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4)',
          [data.groupId, tenantId, data.name, occurredAt],
        );
        return;
      }
      case 'GroupRenamed': {
        const data = event.data as Data<'GroupRenamed'>;
        await tx.query('UPDATE groups SET name = $2 WHERE id = $1', [data.groupId, data.name]);
        return;
      }
      case 'GroupDeleted': {
        const data = event.data as Data<'GroupDeleted'>;
        await tx.query('DELETE FROM group_members WHERE group_id = $1', [data.groupId]);
        await tx.query(`DELETE FROM share_members WHERE member_kind = 'group' AND member_id = $1`, [
          data.groupId,
        ]);
        await tx.query('DELETE FROM groups WHERE id = $1', [data.groupId]);
        return;
      }
      case 'GroupMemberAdded': {
        const data = event.data as Data<'GroupMemberAdded'>;
        await tx.query(
          `INSERT INTO group_members (group_id, user_id, tenant_id) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [data.groupId, data.userId, tenantId],
        );
        return;
      }
      case 'GroupMemberRemoved': {
        const data = event.data as Data<'GroupMemberRemoved'>;
        await tx.query('DELETE FROM group_members WHERE group_id = $1 AND user_id = $2', [
          data.groupId,
          data.userId,
        ]);
        return;
      }
      default:
        return this.applyShareEvent(tx, event);
    }
  }

  private async applyShareEvent(tx: EntityManager, event: RecordedEvent): Promise<void> {
    const { tenantId, occurredAt } = event.metadata;
    switch (event.type) {
      case 'ShareCreated': {
        const data = event.data as Data<'ShareCreated'>;
        await tx.query(
          `INSERT INTO shares (id, tenant_id, name, tree_id, root_id, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [data.shareId, tenantId, data.name, data.treeId, data.rootId, data.createdBy, occurredAt],
        );
        await tx.query(
          `INSERT INTO share_members (share_id, tenant_id, tree_id, member_kind, member_id, role)
           VALUES ($1, $2, $3, 'user', $4, 'owner')`,
          [data.shareId, tenantId, data.treeId, data.createdBy],
        );
        return;
      }
      case 'ShareRenamed': {
        const data = event.data as Data<'ShareRenamed'>;
        await tx.query('UPDATE shares SET name = $2 WHERE id = $1', [data.shareId, data.name]);
        return;
      }
      case 'ShareConflictStrategySet': {
        const data = event.data as Data<'ShareConflictStrategySet'>;
        await tx.query('UPDATE shares SET conflict_strategy = $2 WHERE id = $1', [
          data.shareId,
          data.strategy,
        ]);
        return;
      }
      case 'ShareDeleted': {
        const data = event.data as Data<'ShareDeleted'>;
        await tx.query('DELETE FROM share_members WHERE share_id = $1', [data.shareId]);
        await tx.query('DELETE FROM shares WHERE id = $1', [data.shareId]);
        return;
      }
      case 'ShareMemberSet': {
        const data = event.data as Data<'ShareMemberSet'>;
        await tx.query(
          `INSERT INTO share_members (share_id, tenant_id, tree_id, member_kind, member_id, role)
           SELECT id, tenant_id, tree_id, $2, $3, $4 FROM shares WHERE id = $1
           ON CONFLICT (share_id, member_kind, member_id) DO UPDATE SET role = EXCLUDED.role`,
          [data.shareId, data.member.kind, data.member.id, data.role],
        );
        return;
      }
      case 'ShareMemberRemoved': {
        const data = event.data as Data<'ShareMemberRemoved'>;
        await tx.query(
          `DELETE FROM share_members
           WHERE share_id = $1 AND member_kind = $2 AND member_id = $3`,
          [data.shareId, data.member.kind, data.member.id],
        );
        return;
      }
    }
  }
}
