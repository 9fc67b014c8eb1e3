import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';

/**
 * Decides which drives a caller may reach. A user reaches their personal drive; a node elsewhere
 * answers 404, so ids of other users' and tenants' files reveal nothing.
 */
@Injectable()
export class DriveAccess {
  constructor(private readonly dataSource: DataSource) {}

  readableTreeIds(principal: Principal): string[] {
    return [principal.driveId];
  }

  canReach(principal: Principal, node: Pick<NodeRow, 'tree_id' | 'tenant_id'>): boolean {
    return (
      node.tenant_id === principal.tenantId &&
      this.readableTreeIds(principal).includes(node.tree_id)
    );
  }

  /** Loads a node the caller may reach, or throws NOT_FOUND; deleted ones only when asked. */
  async requireNode(
    principal: Principal,
    nodeId: string,
    includeDeleted = false,
  ): Promise<NodeRow> {
    const rows: NodeRow[] = await this.dataSource.query('SELECT * FROM nodes WHERE id = $1', [
      nodeId,
    ]);
    const node = rows[0];
    if (!node || (node.deleted && !includeDeleted) || !this.canReach(principal, node)) {
      throw new DomainError('NOT_FOUND', `node ${nodeId} not found`, { nodeId });
    }
    return node;
  }
}
