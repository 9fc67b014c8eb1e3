import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  DomainError,
  hasRights,
  Right,
  type RightName,
  type RightsMask,
  type SecuredPath,
  type SecurityIdentity,
  type ShareRole,
  TreeSecurity,
} from '@scaidrive/domain';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';

/** A tree the caller reaches, with the roles that decide their rights in it. */
export interface TreeGrant {
  readonly treeId: string;
  /** The strongest of `roles`. */
  readonly role: ShareRole;
  readonly roles: readonly ShareRole[];
  /** Null for the caller's personal drive. */
  readonly shareId: string | null;
}

/** Requirement on a node: a right, or when none is named, seeing the node (LIST or READ). */
export interface NodeRequirement {
  readonly right?: RightName;
  readonly includeDeleted?: boolean;
}

/** Rights that let a caller see that a node exists; without any of them the node is not found. */
export const VISIBLE: RightsMask = Right.LIST | Right.READ;

/** Rights on a node's security, which its owner has even without seeing the node. */
const SECURITY_RIGHTS: RightsMask =
  Right.READ_PERMISSIONS | Right.CHANGE_PERMISSIONS | Right.TAKE_OWNERSHIP;

const ROLE_ORDER: readonly ShareRole[] = ['owner', 'admin', 'contributor', 'reader'];

/**
 * Decides which trees a caller reaches and what they may do on each node. A user owns their
 * personal drive and reaches a share's tree through their roles in it, directly or through a
 * group. Access control entries on the nodes then decide each right. A node the caller cannot
 * see is NOT_FOUND (404), so ids of other users' and tenants' files reveal nothing. A node they
 * see but may not change is FORBIDDEN (403).
 */
@Injectable()
export class DriveAccess {
  // Keyed by the principal object, which each request resolves anew, so the cache lives as long
  // as the request that filled it.
  private readonly groupCache = new WeakMap<Principal, Promise<string[]>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Group ids of the caller: memberships on the log, and groups named in the token's claim. */
  groupIds(principal: Principal): Promise<string[]> {
    let cached = this.groupCache.get(principal);
    if (!cached) {
      cached = this.dataSource
        .query(
          `SELECT group_id AS id FROM group_members WHERE user_id = $1 AND tenant_id = $2
           UNION
           SELECT id FROM groups WHERE tenant_id = $2 AND name = ANY($3)`,
          [principal.userId, principal.tenantId, principal.groups],
        )
        .then((rows: { id: string }[]) => rows.map((row) => row.id));
      this.groupCache.set(principal, cached);
    }
    return cached;
  }

  async grants(principal: Principal): Promise<TreeGrant[]> {
    return [this.personalGrant(principal), ...(await this.shareGrants(principal, null))];
  }

  /** Returns the caller's share grants, on one tree when `treeId` is given. */
  private async shareGrants(principal: Principal, treeId: string | null): Promise<TreeGrant[]> {
    const rows: { tree_id: string; share_id: string; roles: ShareRole[] }[] =
      await this.dataSource.query(
        `SELECT tree_id, share_id, array_agg(role) AS roles FROM share_members
         WHERE tenant_id = $1 AND ($4::uuid IS NULL OR tree_id = $4) AND (
           (member_kind = 'user' AND member_id = $2) OR
           (member_kind = 'group' AND member_id = ANY($3)))
         GROUP BY tree_id, share_id`,
        [principal.tenantId, principal.userId, await this.groupIds(principal), treeId],
      );
    return rows.map((row) => ({
      treeId: row.tree_id,
      shareId: row.share_id,
      roles: row.roles,
      role: ROLE_ORDER.find((role) => row.roles.includes(role)) ?? 'reader',
    }));
  }

  async readableTreeIds(principal: Principal): Promise<string[]> {
    return (await this.grants(principal)).map((grant) => grant.treeId);
  }

  /** Returns the tenant a tree belongs to, or null for an unknown tree. */
  async tenantOfTree(treeId: string): Promise<string | null> {
    const rows: { tenant_id: string }[] = await this.dataSource.query(
      'SELECT tenant_id FROM trees WHERE id = $1',
      [treeId],
    );
    return rows[0]?.tenant_id ?? null;
  }

  /** Returns the caller's grant on a tree, or null when they do not reach it. */
  async grant(principal: Principal, treeId: string): Promise<TreeGrant | null> {
    if (treeId === principal.driveId) return this.personalGrant(principal);
    // Only that tree's memberships, so a member of many shares pays nothing extra per request.
    return (await this.shareGrants(principal, treeId))[0] ?? null;
  }

  async identity(principal: Principal, grant: TreeGrant): Promise<SecurityIdentity> {
    return {
      userId: principal.userId,
      groupIds: await this.groupIds(principal),
      roles: grant.roles,
    };
  }

  /** The owner and the nodes with security of their own of a tree, in one query. */
  async treeSecurity(
    treeId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TreeSecurity> {
    const rows: { owner_id: string; secured: (SecuredPath & { path: string })[] | null }[] =
      await manager.query(
        `SELECT t.owner_id, (
           SELECT json_agg(json_build_object(
             'id', n.id, 'kind', n.kind, 'path', n.path, 'security', n.security))
           FROM nodes n WHERE n.tree_id = t.id AND n.security IS NOT NULL AND NOT n.deleted
         ) AS secured
         FROM trees t WHERE t.id = $1`,
        [treeId],
      );
    const secured = rows[0]?.secured ?? [];
    return new TreeSecurity(rows[0]?.owner_id ?? '', new Map(secured.map((n) => [n.path, n])));
  }

  /** Rights of the caller on a node of a tree they reach through `grant`. */
  async rightsOn(principal: Principal, grant: TreeGrant, node: NodeRow): Promise<RightsMask> {
    const security = await this.treeSecurity(grant.treeId);
    return security.rights(node, await this.identityFor(principal, grant, security));
  }

  /**
   * The identity to check against a tree's security. Group ids only matter to entries, so a tree
   * without any skips reading them.
   */
  async identityFor(
    principal: Principal,
    grant: TreeGrant,
    security: TreeSecurity,
  ): Promise<SecurityIdentity> {
    if (security.plain) return { userId: principal.userId, groupIds: [], roles: grant.roles };
    return this.identity(principal, grant);
  }

  /** Returns whether the caller reaches the tree. Entries may still hide some of its nodes. */
  async canReach(principal: Principal, node: Pick<NodeRow, 'tree_id' | 'tenant_id'>) {
    if (node.tenant_id !== principal.tenantId) return false;
    return (await this.grant(principal, node.tree_id)) !== null;
  }

  /**
   * Loads a node on which the caller has `right`, or which they see when no right is named;
   * deleted ones only when asked. Throws NOT_FOUND for a node they cannot see and FORBIDDEN for
   * a missing right on one they see.
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
    const rights = grant ? await this.rightsOn(principal, grant, node) : 0;
    const right = requirement.right;
    const held = right !== undefined && hasRights(rights, Right[right]);
    // An owner may always read and change a node's permissions, even one they cannot see. Every
    // other right needs a node visible to the caller, so that existence does not leak.
    if (held && (rights & VISIBLE || Right[right] & SECURITY_RIGHTS)) return node;
    if ((rights & VISIBLE) === 0) throw notFound();
    if (!right) return node;
    throw new DomainError('FORBIDDEN', `the ${right} right is needed on node ${nodeId}`, {
      nodeId,
      right,
    });
  }

  /** Keeps the nodes the caller may see, in their order; each tree's security is read once. */
  visible<T extends NodeRow>(principal: Principal, nodes: readonly T[]): Promise<T[]> {
    return this.permitted(principal, nodes, (rights) => (rights & VISIBLE) !== 0);
  }

  /** Keeps the nodes on which the caller has `right`, in their order. */
  withRight<T extends NodeRow>(principal: Principal, nodes: readonly T[], right: RightName) {
    return this.permitted(principal, nodes, (rights) => hasRights(rights, Right[right]));
  }

  private async permitted<T extends NodeRow>(
    principal: Principal,
    nodes: readonly T[],
    accept: (rights: RightsMask) => boolean,
  ): Promise<T[]> {
    const trees = new Map<string, Promise<((node: T) => RightsMask) | null>>();
    const kept: T[] = [];
    for (const node of nodes) {
      let rightsOf = trees.get(node.tree_id);
      if (!rightsOf) {
        rightsOf = this.rightsReader<T>(principal, node.tree_id);
        trees.set(node.tree_id, rightsOf);
      }
      const read = await rightsOf;
      if (node.tenant_id === principal.tenantId && read && accept(read(node))) kept.push(node);
    }
    return kept;
  }

  private async rightsReader<T extends NodeRow>(principal: Principal, treeId: string) {
    const grant = await this.grant(principal, treeId);
    if (!grant) return null;
    const security = await this.treeSecurity(treeId);
    const identity = await this.identityFor(principal, grant, security);
    return (node: T) => security.rights(node, identity);
  }

  private personalGrant(principal: Principal): TreeGrant {
    return { treeId: principal.driveId, role: 'owner', roles: ['owner'], shareId: null };
  }
}
