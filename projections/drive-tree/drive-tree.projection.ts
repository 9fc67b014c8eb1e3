import { EntityManager } from 'typeorm';
import { type DriveEventMap } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';
import { returningRows } from '../runtime/returning-rows.js';
import { childPath, type NodeRow, toNodeView } from './node-view.js';

/** Channel on which the projection announces drives whose change feed grew. */
export const FEED_CHANNEL = 'scaidrive_feed';

type Data<K extends keyof DriveEventMap> = DriveEventMap[K];

/**
 * Builds the nodes and trees tables and the change feed from the drive events. The feed rows carry
 * the node as it was right after each change, so a client replaying them converges on the tree.
 */
export class DriveTreeProjection implements Projection {
  readonly name = 'drive-tree';
  readonly tables = ['trees', 'nodes', 'change_feed'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'TreeCreated':
        return this.treeCreated(tx, event, event.data as Data<'TreeCreated'>);
      case 'FolderCreated':
      case 'FileAdded':
        return this.nodeAdded(tx, event, event.data as Data<'FolderCreated'>);
      case 'FileVersionCommitted':
        return this.versionCommitted(tx, event, event.data as Data<'FileVersionCommitted'>);
      case 'NodeRenamed':
      case 'NodeMoved':
        return this.nodeRelocated(tx, event, event.data as Data<'NodeMoved'>);
      case 'NodeDeleted':
        return this.nodeDeleted(tx, event, event.data as Data<'NodeDeleted'>);
      case 'NodeRestored':
        return this.nodeRestored(tx, event, event.data as Data<'NodeRestored'>);
      case 'NodePurged':
        return this.nodePurged(tx, event.data as Data<'NodePurged'>);
      case 'ConflictOpened':
      case 'ConflictResolved':
        return this.conflict(tx, event, event.data as Data<'ConflictResolved'>);
      case 'RetentionPolicySet':
        return this.retentionPolicySet(tx, event, event.data as Data<'RetentionPolicySet'>);
      case 'NodeSecuritySet':
        return this.securitySet(tx, event, event.data as Data<'NodeSecuritySet'>);
    }
  }

  /**
   * Announces each drive whose feed grew, on the FEED_CHANNEL channel. PostgreSQL delivers the
   * notifications when the batch commits, so a woken long-poll always finds the new rows.
   */
  async afterBatch(tx: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    const trees = new Set<string>();
    for (const event of events) {
      if (event.streamId.startsWith('tree-')) trees.add(this.treeId(event));
    }
    for (const treeId of trees) {
      await tx.query('SELECT pg_notify($1, $2)', [FEED_CHANNEL, treeId]);
    }
  }

  private treeId(event: RecordedEvent): string {
    return event.streamId.slice('tree-'.length);
  }

  private async treeCreated(tx: EntityManager, event: RecordedEvent, data: Data<'TreeCreated'>) {
    const { tenantId, occurredAt } = event.metadata;
    await tx.query(
      `INSERT INTO trees (id, tenant_id, owner_id, root_id, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [data.treeId, tenantId, data.ownerId, data.rootId, occurredAt],
    );
    await tx.query(
      `INSERT INTO nodes (id, tenant_id, tree_id, parent_id, name, kind, path, depth, updated_at)
       VALUES ($1, $2, $3, NULL, '', 'folder', '/', 0, $4)`,
      [data.rootId, tenantId, data.treeId, occurredAt],
    );
  }

  private async nodeAdded(tx: EntityManager, event: RecordedEvent, data: Data<'FolderCreated'>) {
    const parent = await this.node(tx, data.parentId);
    const kind = event.type === 'FolderCreated' ? 'folder' : 'file';
    const rows = await returningRows<NodeRow>(
      tx,
      `INSERT INTO nodes (id, tenant_id, tree_id, parent_id, name, kind, path, depth, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        data.nodeId,
        event.metadata.tenantId,
        this.treeId(event),
        data.parentId,
        data.name,
        kind,
        childPath(parent.path, data.name),
        parent.depth + 1,
        event.metadata.occurredAt,
      ],
    );
    // A file appears in the feed with its first version, which the same append carries.
    if (kind === 'folder') await this.feedUpsert(tx, event, rows[0], null);
  }

  private async versionCommitted(
    tx: EntityManager,
    event: RecordedEvent,
    data: Data<'FileVersionCommitted'>,
  ) {
    const rows = await returningRows<NodeRow>(
      tx,
      `UPDATE nodes SET head_version_id = $2, head_version_number = $3, size = $4, sha256 = $5,
         mtime = $6, updated_at = $7
       WHERE id = $1 RETURNING *`,
      [
        data.nodeId,
        data.versionId,
        data.versionNumber,
        data.size,
        data.sha256,
        data.mtime,
        event.metadata.occurredAt,
      ],
    );
    await this.feedUpsert(tx, event, rows[0], null);
  }

  private async nodeRelocated(tx: EntityManager, event: RecordedEvent, data: Data<'NodeMoved'>) {
    const node = await this.node(tx, data.nodeId);
    const parentId = data.parentId ?? node.parent_id;
    const parent = await this.node(tx, parentId!);
    const path = childPath(parent.path, data.name);
    const depth = parent.depth + 1;
    const rows = await returningRows<NodeRow>(
      tx,
      `UPDATE nodes SET parent_id = $2, name = $3, path = $4, depth = $5, updated_at = $6
       WHERE id = $1 RETURNING *`,
      [node.id, parentId, data.name, path, depth, event.metadata.occurredAt],
    );
    if (node.kind === 'folder') {
      // Descendants sort between `old/` and `old0` in the C collation, because '0' follows '/'.
      await tx.query(
        `UPDATE nodes SET path = $3 || substr(path, length($2) + 1), depth = depth + $4
         WHERE tree_id = $1 AND path > $2 || '/' AND path < $2 || '0'`,
        [node.tree_id, node.path, path, depth - node.depth],
      );
    }
    await this.feedUpsert(tx, event, rows[0], node.path);
  }

  private async nodeDeleted(tx: EntityManager, event: RecordedEvent, data: Data<'NodeDeleted'>) {
    const node = await this.node(tx, data.nodeId);
    await tx.query(
      `UPDATE nodes SET deleted = true, updated_at = $3, deleted_at = $3, trash_root = $2
       WHERE tree_id = $1 AND NOT deleted
         AND (id = $2 OR (path > $4 || '/' AND path < $4 || '0'))`,
      [node.tree_id, node.id, event.metadata.occurredAt, node.path],
    );
    await this.feedRow(tx, event, node, 'delete', null, null);
  }

  /** Brings back the node and what was deleted with it, each listed in the feed as an upsert. */
  private async nodeRestored(tx: EntityManager, event: RecordedEvent, data: Data<'NodeRestored'>) {
    const node = await this.node(tx, data.nodeId);
    const parent = await this.node(tx, data.parentId);
    const path = childPath(parent.path, data.name);
    const depth = parent.depth + 1;
    const restored = await returningRows<NodeRow>(
      tx,
      `UPDATE nodes SET deleted = false, trash_root = NULL, deleted_at = NULL, parent_id = $2,
         name = $3, path = $4, depth = $5, updated_at = $6
       WHERE id = $1 RETURNING *`,
      [node.id, data.parentId, data.name, path, depth, event.metadata.occurredAt],
    );
    const descendants = await returningRows<NodeRow>(
      tx,
      `UPDATE nodes SET deleted = false, trash_root = NULL, deleted_at = NULL, updated_at = $2,
         path = $3 || substr(path, length($4) + 1), depth = depth + $5
       WHERE trash_root = $1 AND id <> $1 AND NOT purged
       RETURNING *`,
      [node.id, event.metadata.occurredAt, path, node.path, depth - node.depth],
    );
    const rows = [
      ...restored,
      ...descendants.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : 1)),
    ];
    let seq = 0;
    for (const row of rows) {
      await this.feedRow(tx, event, row, 'upsert', null, toNodeView(row), seq++);
    }
  }

  private async nodePurged(tx: EntityManager, data: Data<'NodePurged'>) {
    await tx.query(`UPDATE nodes SET purged = true WHERE id = $1 OR trash_root = $1`, [
      data.nodeId,
    ]);
  }

  private async retentionPolicySet(
    tx: EntityManager,
    event: RecordedEvent,
    data: Data<'RetentionPolicySet'>,
  ) {
    await tx.query('UPDATE trees SET retention = $2 WHERE id = $1', [
      this.treeId(event),
      JSON.stringify(data.policy),
    ]);
  }

  /**
   * Stores the node's security and adds one access row to the feed, whatever the size of the
   * subtree: each reader works out from it what became visible or hidden to them.
   */
  private async securitySet(
    tx: EntityManager,
    event: RecordedEvent,
    data: Data<'NodeSecuritySet'>,
  ) {
    await tx.query('UPDATE nodes SET security = $2 WHERE id = $1', [
      data.nodeId,
      JSON.stringify(data.security),
    ]);
    const node = await this.node(tx, data.nodeId);
    await this.feedRow(tx, event, node, 'access', null, {
      security: data.security,
      previous: data.previous,
    });
  }

  /** Shows a conflict in the feed of the drive that holds its file. */
  private async conflict(
    tx: EntityManager,
    event: RecordedEvent,
    data: Partial<Data<'ConflictResolved'>> & Data<'ConflictOpened'>,
  ) {
    const node = await this.node(tx, data.nodeId);
    const view = {
      conflictId: data.conflictId,
      nodeId: data.nodeId,
      path: node.path,
      status: event.type === 'ConflictOpened' ? 'open' : 'resolved',
      strategy: data.strategy ?? 'MANUAL',
      resolution: data.resolution ?? null,
      copyNodeId: data.copyNodeId ?? null,
      incomingVersionId: data.incoming.versionId,
    };
    await this.feedRow(tx, event, node, 'conflict', null, view);
  }

  private async node(tx: EntityManager, id: string): Promise<NodeRow> {
    const rows = await returningRows<NodeRow>(tx, 'SELECT * FROM nodes WHERE id = $1', [id]);
    if (rows.length === 0) throw new Error(`drive-tree projection: node ${id} not found`);
    return rows[0];
  }

  private feedUpsert(
    tx: EntityManager,
    event: RecordedEvent,
    row: NodeRow,
    previous: string | null,
  ) {
    return this.feedRow(tx, event, row, 'upsert', previous, toNodeView(row));
  }

  private async feedRow(
    tx: EntityManager,
    event: RecordedEvent,
    row: NodeRow,
    op: 'upsert' | 'delete' | 'conflict' | 'access',
    previousPath: string | null,
    node: unknown,
    seq = 0,
  ) {
    await tx.query(
      `INSERT INTO change_feed (commit_position, prepare_position, seq, tenant_id, tree_id,
         node_id, op, kind, path, previous_path, node)
       VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        event.position.commit.toString(),
        event.position.prepare.toString(),
        row.tenant_id,
        row.tree_id,
        row.id,
        op,
        row.kind,
        row.path,
        previousPath,
        node === null ? null : JSON.stringify(node),
        seq,
      ],
    );
  }
}
