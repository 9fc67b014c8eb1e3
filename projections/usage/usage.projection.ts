import { EntityManager } from 'typeorm';
import {
  type ConflictOpened,
  type ConflictResolved,
  type FileVersionCommitted,
  type TenantProvisioned,
  type TreeCreated,
  type VersionsPruned,
  embeddingTokens,
  spendPeriod,
} from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';
import { returningRows } from '../runtime/returning-rows.js';
import { spendScopes, storageScopes } from './storage-scopes.js';

/**
 * Counts the bytes of every version kept, per user (the owner of the tree), tenant and partner,
 * and the embedding tokens each committed version will spend, per tenant and partner and month.
 * A version counts once from the first event that stores it (a commit, or the incoming content
 * of a conflict) until the event that prunes it.
 */
export class UsageProjection implements Projection {
  readonly name = 'usage';
  readonly tables = ['usage_trees', 'usage_tenants', 'stored_versions', 'storage_usage'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'TenantProvisioned': {
        const data = event.data as TenantProvisioned;
        await tx.query(
          `INSERT INTO usage_tenants (tenant_id, partner) VALUES ($1, $2)
           ON CONFLICT (tenant_id) DO NOTHING`,
          [data.tenantId, data.partner ?? null],
        );
        return;
      }
      case 'TreeCreated': {
        const data = event.data as TreeCreated;
        await tx.query(
          'INSERT INTO usage_trees (tree_id, tenant_id, owner_id) VALUES ($1, $2, $3)',
          [data.treeId, event.metadata.tenantId, data.ownerId],
        );
        return;
      }
      case 'FileVersionCommitted': {
        const data = event.data as FileVersionCommitted;
        await this.spend(tx, event, embeddingTokens(data.size));
        return this.store(tx, event, data.versionId, data.size);
      }
      case 'ConflictOpened':
      case 'ConflictResolved': {
        const data = event.data as ConflictOpened | ConflictResolved;
        return this.store(tx, event, data.incoming.versionId, data.incoming.size);
      }
      case 'VersionsPruned': {
        const data = event.data as VersionsPruned;
        const pruned = await returningRows<{ tree_id: string; size: string }>(
          tx,
          'DELETE FROM stored_versions WHERE version_id = ANY($1::uuid[]) RETURNING tree_id, size',
          [data.versionIds],
        );
        for (const version of pruned) {
          await this.add(tx, version.tree_id, -Number(version.size));
        }
        return;
      }
    }
  }

  private async store(tx: EntityManager, event: RecordedEvent, versionId: string, size: number) {
    const treeId = event.streamId.slice('tree-'.length);
    const inserted = await returningRows(
      tx,
      `INSERT INTO stored_versions (version_id, tree_id, size) VALUES ($1, $2, $3)
       ON CONFLICT (version_id) DO NOTHING RETURNING version_id`,
      [versionId, treeId, size],
    );
    if (inserted.length > 0) await this.add(tx, treeId, size);
  }

  /** Meters the embedding work a committed version causes, in the month it was committed. */
  private async spend(tx: EntityManager, event: RecordedEvent, tokens: number) {
    if (tokens === 0) return;
    const rows: { tenant_id: string; partner: string | null }[] = await tx.query(
      `SELECT t.tenant_id, p.partner FROM usage_trees t
       LEFT JOIN usage_tenants p ON p.tenant_id = t.tenant_id WHERE t.tree_id = $1`,
      [event.streamId.slice('tree-'.length)],
    );
    const tree = rows[0];
    if (!tree) return;
    const period = spendPeriod(new Date(event.metadata.occurredAt));
    for (const scope of spendScopes(tree.tenant_id, tree.partner, period)) {
      await this.count(tx, scope, tokens);
    }
  }

  private async count(tx: EntityManager, scope: string, amount: number) {
    await tx.query(
      `INSERT INTO storage_usage (scope, bytes) VALUES ($1, $2)
       ON CONFLICT (scope) DO UPDATE SET bytes = storage_usage.bytes + EXCLUDED.bytes`,
      [scope, amount],
    );
  }

  private async add(tx: EntityManager, treeId: string, bytes: number) {
    const rows: { tenant_id: string; owner_id: string; partner: string | null }[] = await tx.query(
      `SELECT t.tenant_id, t.owner_id, p.partner FROM usage_trees t
         LEFT JOIN usage_tenants p ON p.tenant_id = t.tenant_id WHERE t.tree_id = $1`,
      [treeId],
    );
    const tree = rows[0];
    if (!tree) return;
    for (const scope of storageScopes(tree.tenant_id, tree.owner_id, tree.partner)) {
      await this.count(tx, scope, bytes);
    }
  }
}
