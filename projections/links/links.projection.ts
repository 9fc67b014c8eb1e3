import { EntityManager } from 'typeorm';
import { type LinkEventMap, type LinkOptions } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';

type Data<K extends keyof LinkEventMap> = LinkEventMap[K];

/**
 * Builds the links and link_accesses tables. Every statement tolerates an event it has already
 * applied, so a replay leaves the rows and the download counts as they were.
 */
export class LinksProjection implements Projection {
  readonly name = 'links';
  readonly tables = ['links', 'link_accesses'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    const { tenantId, occurredAt } = event.metadata;
    switch (event.type) {
      case 'LinkCreated': {
        const data = event.data as Data<'LinkCreated'>;
        await tx.query(
          `INSERT INTO links (id, tenant_id, token_hash, target, tree_id, node_id, share_id,
             created_by, access, password_hash, allowed_networks, allowed_emails, expires_at,
             download_limit, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
           ON CONFLICT (id) DO NOTHING`,
          [
            data.linkId,
            tenantId,
            data.tokenHash,
            data.target,
            data.treeId,
            data.nodeId,
            data.shareId,
            data.createdBy,
            ...optionValues(data),
            occurredAt,
          ],
        );
        return;
      }
      case 'LinkOptionsChanged': {
        const data = event.data as Data<'LinkOptionsChanged'>;
        await tx.query(
          `UPDATE links SET access = $2, password_hash = $3, allowed_networks = $4,
             allowed_emails = $5, expires_at = $6, download_limit = $7, updated_at = $8
           WHERE id = $1`,
          [data.linkId, ...optionValues(data), occurredAt],
        );
        return;
      }
      case 'LinkRevoked': {
        const data = event.data as Data<'LinkRevoked'>;
        // The first revocation's time stays, so a repeated one does not move it.
        await tx.query(
          `UPDATE links SET revoked_at = coalesce(revoked_at, $2),
             updated_at = greatest(updated_at, $2)
           WHERE id = $1`,
          [data.linkId, occurredAt],
        );
        return;
      }
      case 'LinkAccessed':
        return this.recordAccess(tx, event as RecordedEvent<'LinkAccessed', Data<'LinkAccessed'>>);
    }
  }

  /**
   * Inserts the access row and, for an allowed download, counts it on the link. The count only
   * follows a row that this statement inserted, so an event seen twice counts once.
   */
  private async recordAccess(
    tx: EntityManager,
    event: RecordedEvent<'LinkAccessed', Data<'LinkAccessed'>>,
  ): Promise<void> {
    const { data } = event;
    await tx.query(
      `WITH inserted AS (
         INSERT INTO link_accesses (id, link_id, tenant_id, share_id, tree_id, node_id, action,
           outcome, reason, client_address, user_agent, email, bytes, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO NOTHING
         RETURNING link_id, action, outcome
       )
       UPDATE links SET downloads = downloads + 1
       WHERE id IN (
         SELECT link_id FROM inserted WHERE action = 'download' AND outcome = 'allowed'
       )`,
      [
        event.id,
        data.linkId,
        event.metadata.tenantId,
        data.shareId,
        data.treeId,
        data.nodeId,
        data.action,
        data.outcome,
        data.reason,
        data.clientAddress,
        data.userAgent,
        data.email,
        data.bytes,
        event.metadata.occurredAt,
      ],
    );
  }
}

/** Returns a link's options in the column order of the links table, access to download_limit. */
function optionValues(options: LinkOptions): unknown[] {
  return [
    options.access,
    options.passwordHash,
    options.allowedNetworks,
    options.allowedEmails,
    options.expiresAt,
    options.downloadLimit,
  ];
}
