import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { type NodeRow } from '@scaidrive/projections';
import { DriveAccess } from '../files/drive-access.js';

export interface ConflictView {
  readonly id: string;
  readonly nodeId: string;
  readonly path: string | null;
  readonly status: 'open' | 'resolved';
  readonly strategy: string;
  readonly resolution: string | null;
  readonly resolvedBy: string | null;
  readonly headVersionId: string | null;
  readonly incomingVersionId: string;
  readonly copyNodeId: string | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

interface ConflictRow {
  id: string;
  tenant_id: string;
  tree_id: string;
  node_id: string;
  path: string | null;
  status: 'open' | 'resolved';
  strategy: string;
  resolution: string | null;
  resolved_by: string | null;
  head_version_id: string | null;
  incoming_version_id: string;
  copy_node_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

function toView(row: ConflictRow): ConflictView {
  return {
    id: row.id,
    nodeId: row.node_id,
    path: row.path,
    status: row.status,
    strategy: row.strategy,
    resolution: row.resolution,
    resolvedBy: row.resolved_by,
    headVersionId: row.head_version_id,
    incomingVersionId: row.incoming_version_id,
    copyNodeId: row.copy_node_id,
    createdAt: new Date(row.created_at).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}

const SELECT = `SELECT c.*, n.path FROM conflicts c LEFT JOIN nodes n ON n.id = c.node_id`;

/** Reads conflicts of the drives the caller may reach. */
@Injectable()
export class ConflictQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
  ) {}

  async list(principal: Principal, status: 'open' | 'resolved' | 'all'): Promise<ConflictView[]> {
    const rows: ConflictRow[] = await this.dataSource.query(
      `${SELECT} WHERE c.tree_id = ANY($1) AND ($2 = 'all' OR c.status = $2)
       ORDER BY c.created_at DESC LIMIT 1000`,
      [await this.access.readableTreeIds(principal), status],
    );
    return (await this.visibleRows(principal, rows)).map(toView);
  }

  /** One conflict with the id of its drive, or NOT_FOUND. */
  async get(principal: Principal, id: string): Promise<ConflictView & { treeId: string }> {
    const rows: ConflictRow[] = await this.dataSource.query(`${SELECT} WHERE c.id = $1`, [id]);
    const row = rows[0];
    if (!row || (await this.visibleRows(principal, [row])).length === 0) {
      throw new DomainError('NOT_FOUND', `conflict ${id} not found`, { conflictId: id });
    }
    return { ...toView(row), treeId: row.tree_id };
  }

  /** Keeps the conflicts whose file the caller may see; entries can hide a file in a share. */
  private async visibleRows(principal: Principal, rows: ConflictRow[]): Promise<ConflictRow[]> {
    if (rows.length === 0) return [];
    const nodes: NodeRow[] = await this.dataSource.query('SELECT * FROM nodes WHERE id = ANY($1)', [
      [...new Set(rows.map((row) => row.node_id))],
    ]);
    const visible = new Set((await this.access.visible(principal, nodes)).map((node) => node.id));
    return rows.filter((row) => visible.has(row.node_id));
  }
}
