import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  hasRights,
  Right,
  ROLE_RIGHTS,
  type RightName,
  type RightsMask,
  type ShareRole,
} from '@scaidrive/domain';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';

/** A tree the caller reaches, with the role that decides their rights in it. */
export interface TreeGrant {
  readonly treeId: string;
  readonly role: ShareRole;
  /** Null for the caller's personal drive. */
  readonly shareId: string | null;
}

/** What a caller needs on a node; LIST is enough to see that it exists. */
export interface NodeRequirement {
  readonly right?: RightName;
  readonly includeDeleted?: boolean;
}

/** Rights that let a caller see that a node exists; without any of them the node is not found. */
const VISIBLE: RightsMask = Right.LIST | Right.READ;

/**
 * Decides which trees a caller reaches and what they may do there. A user owns their personal
 * drive and reaches a share's tree through the highest role they hold in it, directly or through
 * a group. A node the caller cannot see answers 404, so ids of other users' and tenants' files
 * reveal nothing; a node they see but may not change answers 403.
 */
@Injectable()
export class DriveAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** Group ids of the caller: memberships on the log, and groups named in the token's claim. */
  async groupIds(principal: Principal): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT group_id AS id FROM group_members WHERE user_id = $1 AND tenant_id = $2
       UNION
       SELECT id FROM groups WHERE tenant_id = $2 AND name = ANY($3)`,
      [principal.userId, principal.tenantId, principal.groups],
    );
    return rows.map((row) => row.id);
  }

  async grants(principal: Principal): Promise<TreeGrant[]> {
    const rows: { tree_id: string; share_id: string; roles: ShareRole[] }[] =
      await this.dataSource.query(
        `SELECT m.tree_id, m.share_id, array_agg(m.role) AS roles
         FROM share_members m
         WHERE m.tenant_id = $1 AND (
           (m.member_kind = 'user' AND m.member_id = $2) OR
           (m.member_kind = 'group' AND m.member_id IN (
             SELECT group_id FROM group_members WHERE user_id = $2 AND tenant_id = $1
             UNION SELECT id FROM groups WHERE tenant_id = $1 AND name = ANY($3))))
         GROUP BY m.tree_id, m.share_id`,
        [principal.tenantId, principal.userId, principal.groups],
      );
    const shares = rows.map((row) => ({
      treeId: row.tree_id,
      shareId: row.share_id,
      role: strongestRole(row.roles),
    }));
    return [{ treeId: principal.driveId, role: 'owner', shareId: null }, ...shares];
  }

  async readableTreeIds(principal: Principal): Promise<string[]> {
    return (await this.grants(principal)).map((grant) => grant.treeId);
  }

  /** The caller's grant on a tree, or null when they do not reach it. */
  async grant(principal: Principal, treeId: string): Promise<TreeGrant | null> {
    if (treeId === principal.driveId) return { treeId, role: 'owner', shareId: null };
    return (await this.grants(principal)).find((grant) => grant.treeId === treeId) ?? null;
  }

  /** Rights of the caller on a node of a tree they reach through `grant`. */
  rightsOn(grant: TreeGrant): RightsMask {
    return ROLE_RIGHTS[grant.role];
  }

  async canReach(principal: Principal, node: Pick<NodeRow, 'tree_id' | 'tenant_id'>) {
    if (node.tenant_id !== principal.tenantId) return false;
    const grant = await this.grant(principal, node.tree_id);
    return grant !== null && (this.rightsOn(grant) & VISIBLE) !== 0;
  }

  /**
   * Loads a node the caller may see and holds `right` on; deleted ones only when asked. Throws
   * NOT_FOUND for a node they cannot see and FORBIDDEN for a missing right.
   */
  async requireNode(
    principal: Principal,
    nodeId: string,
    requirement: NodeRequirement = {},
  ): Promise<NodeRow> {
    const rows: NodeRow[] = await this.dataSource.query('SELECT * FROM nodes WHERE id = $1', [
      nodeId,
    ]);
    const node = rows[0];
    const notFound = () => new DomainError('NOT_FOUND', `node ${nodeId} not found`, { nodeId });
    if (!node || node.tenant_id !== principal.tenantId) throw notFound();
    if (node.deleted && !requirement.includeDeleted) throw notFound();
    const grant = await this.grant(principal, node.tree_id);
    const rights = grant ? this.rightsOn(grant) : 0;
    if ((rights & VISIBLE) === 0) throw notFound();
    const right = requirement.right ?? 'LIST';
    if (!hasRights(rights, Right[right])) {
      throw new DomainError('FORBIDDEN', `the ${right} right is needed on node ${nodeId}`, {
        nodeId,
        right,
        role: grant?.role,
      });
    }
    return node;
  }
}

const ROLE_ORDER: readonly ShareRole[] = ['owner', 'admin', 'contributor', 'reader'];

function strongestRole(roles: readonly ShareRole[]): ShareRole {
  return ROLE_ORDER.find((role) => roles.includes(role)) ?? 'reader';
}
