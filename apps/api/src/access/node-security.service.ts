import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  hasRights,
  nodeAcl,
  type NodeSecurity,
  offeredEntries,
  type Principal as AcePrincipal,
  Right,
  rightNames,
  type SecurityIdentity,
  type ShareRole,
} from '@scaidrive/domain';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { DriveAccess } from '../files/drive-access.js';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import {
  formatApplied,
  formatSecurity,
  MAX_ENTRIES,
  parseEntries,
  parseOwner,
} from './security-format.js';

/** A security change as a request states it. */
export interface SecurityChange {
  readonly owner?: unknown;
  readonly protected?: boolean;
  readonly entries: unknown;
  /** When inheritance becomes blocked: keep the inherited entries as explicit ones, or drop them. */
  readonly inheritedEntries?: 'copy' | 'drop';
}

/** Reads and changes the security of nodes, and explains anyone's effective rights. */
@Injectable()
export class NodeSecurityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async security(principal: Principal, nodeId: string) {
    const node = await this.access.requireNode(principal, nodeId, { right: 'READ_PERMISSIONS' });
    const chain = (await this.access.treeSecurity(node.tree_id)).chain(node);
    return {
      nodeId,
      ...formatSecurity(chain[chain.length - 1]!.security),
      acl: nodeAcl(chain).map(formatApplied),
    };
  }

  /**
   * Replaces a node's security. Changing entries needs CHANGE_PERMISSIONS and changing the owner
   * TAKE_OWNERSHIP. As in Windows, a caller who takes ownership for themselves may set the entries
   * in the same change, because an owner may always change permissions. So a share admin can
   * recover a node that hides itself from everyone.
   */
  async change(principal: Principal, nodeId: string, change: SecurityChange) {
    const newOwner = change.owner === undefined ? null : parseOwner(change.owner);
    const takesOwnership = newOwner?.kind === 'user' && newOwner.id === principal.userId;
    const node = await this.access.requireNode(principal, nodeId, {
      right: takesOwnership ? 'TAKE_OWNERSHIP' : 'CHANGE_PERMISSIONS',
    });
    const grant = (await this.grantOf(principal, node))!;
    const rights = await this.access.rightsOn(principal, grant, node);
    const tree = await this.access.treeSecurity(node.tree_id);
    const chain = tree.chain(node);
    const current = chain[chain.length - 1]!.security;

    const owner = newOwner ?? current.owner;
    const ownerChanges = owner.kind !== current.owner.kind || owner.id !== current.owner.id;
    if (ownerChanges && !hasRights(rights, Right.TAKE_OWNERSHIP)) {
      throw new DomainError('FORBIDDEN', 'changing the owner needs the TAKE_OWNERSHIP right', {
        nodeId,
      });
    }
    if (!takesOwnership && !hasRights(rights, Right.CHANGE_PERMISSIONS)) {
      throw new DomainError('FORBIDDEN', 'the CHANGE_PERMISSIONS right is needed', { nodeId });
    }

    let entries = parseEntries(change.entries);
    const blocked = change.protected ?? current.protected;
    if (blocked && !current.protected && change.inheritedEntries === 'copy') {
      entries = [...entries, ...offeredEntries(chain)];
    }
    if (entries.length > MAX_ENTRIES) {
      throw new DomainError(
        'INVALID_ARGUMENT',
        `a node takes at most ${MAX_ENTRIES} entries, and copying the inherited ones makes ${entries.length}`,
        { field: 'entries' },
      );
    }
    await this.requireKnown(principal, [owner, ...entries.map((entry) => entry.principal)]);

    const result = await this.executor.execute(principal, node.tree_id, {
      type: 'SetNodeSecurity',
      nodeId,
      security: { owner, protected: blocked, entries } satisfies NodeSecurity,
    });
    await this.readYourWrites.wait(result.position);
    return this.security(principal, nodeId);
  }

  /**
   * Effective rights of `subject` (the caller when absent) on a node, with the reason for each.
   * Asking about someone else needs the READ_PERMISSIONS right.
   */
  async explain(principal: Principal, nodeId: string, subject: AcePrincipal | null) {
    const self = !subject || (subject.kind === 'user' && subject.id === principal.userId);
    const node = await this.access.requireNode(principal, nodeId, {
      right: self ? undefined : 'READ_PERMISSIONS',
    });
    const identity = self
      ? await this.access.identity(principal, (await this.grantOf(principal, node))!)
      : await this.identityOf(principal, node, subject!);
    const explanation = (await this.access.treeSecurity(node.tree_id)).explain(node, identity);
    return {
      nodeId,
      principal: self ? { kind: 'user', id: principal.userId } : subject,
      rights: rightNames(explanation.rights),
      decisions: explanation.decisions,
    };
  }

  private grantOf(principal: Principal, node: NodeRow) {
    return this.access.grant(principal, node.tree_id);
  }

  /** The identity of another user or group of the tenant: memberships and roles on the log. */
  private async identityOf(
    principal: Principal,
    node: NodeRow,
    subject: AcePrincipal,
  ): Promise<SecurityIdentity> {
    if (subject.kind === 'role') return { userId: '', groupIds: [], roles: [subject.role] };
    await this.requireKnown(principal, [subject]);
    const groupIds =
      subject.kind === 'group'
        ? [subject.id]
        : (
            (await this.dataSource.query('SELECT group_id FROM group_members WHERE user_id = $1', [
              subject.id,
            ])) as { group_id: string }[]
          ).map((row) => row.group_id);
    const roles: { role: ShareRole }[] = await this.dataSource.query(
      `SELECT role FROM share_members WHERE tree_id = $1 AND (
         (member_kind = 'user' AND member_id = $2) OR
         (member_kind = 'group' AND member_id = ANY($3)))`,
      [node.tree_id, subject.kind === 'user' ? subject.id : null, groupIds],
    );
    const trees: { owner_id: string }[] = await this.dataSource.query(
      `SELECT owner_id FROM trees t WHERE id = $1
         AND NOT EXISTS (SELECT 1 FROM shares s WHERE s.tree_id = t.id)`,
      [node.tree_id],
    );
    // A personal drive has no members, so its owner gets the owner role there.
    const personalOwner = subject.kind === 'user' && trees[0]?.owner_id === subject.id;
    return {
      userId: subject.kind === 'user' ? subject.id : '',
      groupIds,
      roles: personalOwner ? ['owner'] : roles.map((row) => row.role),
    };
  }

  /** Users and groups named in security must belong to the caller's tenant. */
  private async requireKnown(principal: Principal, principals: readonly AcePrincipal[]) {
    const ids = (kind: 'user' | 'group') => [
      ...new Set(principals.filter((p) => p.kind === kind).map((p) => (p as { id: string }).id)),
    ];
    for (const [kind, table] of [
      ['user', 'users'],
      ['group', 'groups'],
    ] as const) {
      const wanted = ids(kind);
      if (wanted.length === 0) continue;
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM ${table} WHERE id = ANY($1) AND tenant_id = $2`,
        [wanted, principal.tenantId],
      );
      const unknown = wanted.filter((id) => !rows.some((row) => row.id === id));
      if (unknown.length > 0) {
        throw new DomainError('INVALID_ARGUMENT', `unknown ${kind} ${unknown[0]}`, { unknown });
      }
    }
  }
}
