import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideTree,
  DomainError,
  tenantStreamId,
  TreeState,
  treeStreamId,
  userStreamId,
} from '@scaidrive/domain';
import {
  comparePositions,
  EVENT_STORE,
  type EventData,
  type EventStore,
  type LogPosition,
  WrongExpectedVersionError,
} from '@scaidrive/event-store';
import { ReadModelWaiter } from '@scaidrive/projections';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { type Principal } from '../auth/principal.js';
import type { VerifiedClaims } from '../auth/verified-claims.js';
import { metadataFor, toEventData } from '../common/event-envelope.js';
import { nameBasedId } from './deterministic-id.js';

interface UserRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly display_name: string;
  readonly drive_id: string;
  readonly root_id: string;
}

const CACHE_LIMIT = 10_000;

/** Token role of a partner's administrators, who create, suspend and reinstate its tenants. */
export const PARTNER_ADMIN_ROLE = 'partner-admin';

/**
 * Resolves verified token claims to a Principal and provisions tenant, user and personal drive the
 * first time a user is seen. Ids are name-based, so concurrent first requests converge on the same
 * streams and the losing appends are harmless.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);
  private readonly cache = new Map<string, Principal>();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly waiter: ReadModelWaiter,
  ) {}

  async resolve(claims: VerifiedClaims): Promise<Principal> {
    const tenantId = nameBasedId(`tenant:${claims.tenant}`);
    const userId = nameBasedId(`user:${tenantId}:${claims.issuer}:${claims.subject}`);
    await this.requireActive(tenantId, userId);
    const cached = this.cache.get(userId);
    // Groups, roles and partner come from each token, so changes at the provider apply at once.
    if (cached) {
      return { ...cached, groups: claims.groups, roles: claims.roles, partner: claims.partner };
    }

    let row = await this.findUser(userId);
    if (!row) {
      await this.provision(claims, tenantId, userId);
      row = await this.findUser(userId);
      if (!row) throw new Error(`user ${userId} was provisioned but is not readable yet`);
    }
    const principal: Principal = {
      userId,
      tenantId,
      name: row.display_name,
      issuer: claims.issuer,
      subject: claims.subject,
      driveId: row.drive_id,
      rootFolderId: row.root_id,
      groups: claims.groups,
      roles: claims.roles,
      partner: claims.partner,
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(userId, principal);
    return principal;
  }

  private async findUser(userId: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT u.id, u.tenant_id, u.display_name, u.drive_id, t.root_id
       FROM users u JOIN trees t ON t.id = u.drive_id WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  private async provision(claims: VerifiedClaims, tenantId: string, userId: string) {
    const driveId = nameBasedId(`drive:${userId}`);
    const rootId = nameBasedId(`root:${driveId}`);
    const now = new Date();
    const metadata = metadataFor(tenantId, { type: 'user', id: userId }, now);
    const tenantEvent = {
      type: 'TenantProvisioned',
      data: { tenantId, name: claims.tenant, partner: claims.partner },
    };
    const userEvent = {
      type: 'UserProvisioned',
      data: {
        userId,
        tenantId,
        issuer: claims.issuer,
        subject: claims.subject,
        displayName: claims.name,
        driveId,
      },
    };
    const caseSensitive = await this.caseSensitiveNames(tenantId);
    const treeEvents = decideTree(
      new TreeState(),
      { type: 'CreateTree', treeId: driveId, rootId, ownerId: userId, caseSensitive },
      { now, newId: () => rootId, actorName: claims.name },
    );
    const positions = await Promise.all([
      this.appendOnce(tenantStreamId(tenantId), toEventData([tenantEvent], metadata)),
      this.appendOnce(userStreamId(userId), toEventData([userEvent], metadata)),
      this.appendOnce(treeStreamId(driveId), toEventData(treeEvents, metadata)),
    ]);
    const target = positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    await this.waiter.waitFor(target, this.config.readYourWritesTimeoutMs);
    this.logger.log({ msg: 'user provisioned', tenant: tenantId, user: userId });
  }

  /**
   * Refuses every request of a suspended tenant's users and of a disabled user, checked on each
   * request so that either applies at once. No role is exempt: partner administrators reinstate a
   * tenant from a tenant of their own.
   */
  private async requireActive(tenantId: string, userId: string): Promise<void> {
    const rows: { suspended_reason: string | null; disabled: boolean | null }[] =
      await this.dataSource.query(
        `SELECT (SELECT suspended_reason FROM tenants WHERE id = $1) AS suspended_reason,
                (SELECT disabled FROM users WHERE id = $2) AS disabled`,
        [tenantId, userId],
      );
    const reason = rows[0]?.suspended_reason;
    if (reason != null) {
      throw new DomainError('FORBIDDEN', `the tenant is suspended: ${reason}`, {
        reason: 'tenant suspended',
      });
    }
    if (rows[0]?.disabled) {
      throw new DomainError('FORBIDDEN', 'the user is disabled by a tenant administrator', {
        reason: 'user disabled',
      });
    }
  }

  private async caseSensitiveNames(tenantId: string): Promise<boolean> {
    const rows: { case_sensitive_names: boolean }[] = await this.dataSource.query(
      'SELECT case_sensitive_names FROM tenants WHERE id = $1',
      [tenantId],
    );
    return rows[0]?.case_sensitive_names ?? false;
  }

  /** Appends to a stream that must not exist yet; an existing stream means the work is done. */
  private async appendOnce(streamId: string, events: EventData[]): Promise<LogPosition> {
    try {
      return (await this.eventStore.append(streamId, events, 'no_stream')).position;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return (await this.eventStore.headPosition()) ?? { commit: 0n, prepare: 0n };
    }
  }
}
