import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type ConflictStrategy,
  decideShare,
  decideTree,
  DomainError,
  type ShareCommand,
  type ShareMember,
  type ShareRole,
  ShareState,
  shareStreamId,
  TreeState,
  treeStreamId,
} from '@scaidrive/domain';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { metadataFor, toEventData } from '../common/event-envelope.js';
import { SharingQueries } from './sharing-queries.js';
import { StreamCommandRunner } from './stream-command-runner.js';

/** Roles that manage a share's name and members. */
const MANAGERS: readonly ShareRole[] = ['owner', 'admin'];

/**
 * Creates shares and changes their names and members. Owners and admins manage members, but only
 * an owner grants or takes away the owner role, and only an owner deletes the share. Any member
 * may leave.
 */
@Injectable()
export class ShareCommands {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly runner: StreamCommandRunner,
    private readonly queries: SharingQueries,
  ) {}

  async create(principal: Principal, name: string): Promise<string> {
    const shareId = randomUUID();
    const treeId = randomUUID();
    const rootId = randomUUID();
    const command: ShareCommand = {
      type: 'CreateShare',
      shareId,
      tenantId: principal.tenantId,
      name,
      treeId,
      rootId,
      createdBy: principal.userId,
    };
    // Validates the name before anything is written.
    decideShare(new ShareState(), command);

    // The tree comes first, so a failed share append leaves an unreachable tree behind, never a
    // share without a tree.
    const now = new Date();
    const treeEvents = decideTree(
      new TreeState(),
      {
        type: 'CreateTree',
        treeId,
        rootId,
        ownerId: principal.userId,
        caseSensitive: await this.caseSensitiveNames(principal.tenantId),
      },
      { now, newId: () => rootId, actorName: principal.name },
    );
    const metadata = metadataFor(principal.tenantId, { type: 'user', id: principal.userId }, now);
    await this.eventStore.append(
      treeStreamId(treeId),
      toEventData(treeEvents, metadata),
      'no_stream',
    );
    await this.runner.run(principal, shareStreamId(shareId), (history) =>
      decideShare(ShareState.from(history), command),
    );
    return shareId;
  }

  /** Renames a share and sets its conflict strategy, each when given. */
  async update(
    principal: Principal,
    shareId: string,
    change: { name?: string; defaultConflictStrategy?: ConflictStrategy | null },
  ): Promise<void> {
    await this.requireRole(principal, shareId, MANAGERS);
    if (change.name !== undefined) {
      await this.decide(principal, shareId, { type: 'RenameShare', name: change.name });
    }
    if (change.defaultConflictStrategy !== undefined) {
      const strategy = change.defaultConflictStrategy;
      await this.decide(principal, shareId, { type: 'SetShareConflictStrategy', strategy });
    }
  }

  async delete(principal: Principal, shareId: string): Promise<void> {
    await this.requireRole(principal, shareId, ['owner']);
    await this.decide(principal, shareId, { type: 'DeleteShare' });
  }

  async setMember(
    principal: Principal,
    shareId: string,
    member: ShareMember,
    role: ShareRole,
  ): Promise<void> {
    const own = await this.requireRole(principal, shareId, MANAGERS);
    await this.requireTenantMember(principal, member);
    if (own !== 'owner') {
      const current = await this.memberRole(shareId, member);
      if (role === 'owner' || current === 'owner') {
        throw new DomainError('FORBIDDEN', 'only an owner grants or takes away the owner role', {
          shareId,
        });
      }
    }
    await this.decide(principal, shareId, { type: 'SetShareMember', member, role });
  }

  async removeMember(principal: Principal, shareId: string, member: ShareMember) {
    const leaving = member.kind === 'user' && member.id === principal.userId;
    const own = leaving
      ? (await this.queries.share(principal, shareId)).role
      : await this.requireRole(principal, shareId, MANAGERS);
    if (!leaving && own !== 'owner' && (await this.memberRole(shareId, member)) === 'owner') {
      throw new DomainError('FORBIDDEN', 'only an owner removes another owner', { shareId });
    }
    await this.decide(principal, shareId, { type: 'RemoveShareMember', member });
  }

  private async decide(principal: Principal, shareId: string, command: ShareCommand) {
    await this.runner.run(principal, shareStreamId(shareId), (history) =>
      decideShare(ShareState.from(history), command),
    );
  }

  /** The caller's role, if it is one of `roles`; NOT_FOUND for a share they are not in. */
  private async requireRole(
    principal: Principal,
    shareId: string,
    roles: readonly ShareRole[],
  ): Promise<ShareRole> {
    const { role } = await this.queries.share(principal, shareId);
    if (!roles.includes(role)) {
      throw new DomainError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`, {
        shareId,
        role,
      });
    }
    return role;
  }

  private async memberRole(shareId: string, member: ShareMember): Promise<ShareRole | null> {
    const rows: { role: ShareRole }[] = await this.dataSource.query(
      `SELECT role FROM share_members
       WHERE share_id = $1 AND member_kind = $2 AND member_id = $3`,
      [shareId, member.kind, member.id],
    );
    return rows[0]?.role ?? null;
  }

  /** A member must be a user or group of the caller's tenant; anything else is not found. */
  private async requireTenantMember(principal: Principal, member: ShareMember) {
    const table = member.kind === 'user' ? 'users' : 'groups';
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${table} WHERE id = $1 AND tenant_id = $2`,
      [member.id, principal.tenantId],
    );
    if (rows.length === 0) {
      throw new DomainError('NOT_FOUND', `${member.kind} ${member.id} not found`, { member });
    }
  }

  private async caseSensitiveNames(tenantId: string): Promise<boolean> {
    const rows: { case_sensitive_names: boolean }[] = await this.dataSource.query(
      'SELECT case_sensitive_names FROM tenants WHERE id = $1',
      [tenantId],
    );
    return rows[0]?.case_sensitive_names ?? false;
  }
}
