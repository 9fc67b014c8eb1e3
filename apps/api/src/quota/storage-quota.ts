import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { DomainError } from '@scaidrive/domain';
import { type LogPosition } from '@scaidrive/event-store';
import { ReadModelWaiter, storageScopes } from '@scaidrive/projections';

/** A level at which storage is limited. */
export type QuotaLevel = 'user' | 'tenant' | 'partner';

interface Limit {
  readonly level: QuotaLevel;
  readonly scope: string;
  readonly limitBytes: number;
}

/** Age after which a reservation no longer counts: its commit crashed before releasing it. */
const RESERVATION_TTL = '10 minutes';

/**
 * Keeps the bytes of kept versions within the limits of the tree's owner, tenant and partner.
 * A commit reserves its size under a lock per limited scope, so concurrent commits never pass a
 * limit together. The reservation is dropped once the usage projection counts the version. Until
 * then the bytes count twice, which can refuse a commit early but never lets one exceed a limit.
 */
@Injectable()
export class StorageQuota {
  private readonly logger = new Logger(StorageQuota.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly waiter: ReadModelWaiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Reserves `bytes` in a tree; throws QUOTA_EXCEEDED naming the level that refuses. Returns the
   * reservation's id, or null when no level has a limit.
   */
  async reserve(treeId: string, bytes: number): Promise<string | null> {
    const limits = await this.limitsOf(treeId);
    if (limits.length === 0) return null;
    const id = randomUUID();
    await this.dataSource.transaction(async (tx) => {
      const scopes = limits.map((limit) => limit.scope).sort();
      for (const scope of scopes) {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [scope]);
      }
      for (const limit of limits) {
        const usedBytes = await this.usedBytes(limit.scope, tx);
        if (usedBytes + bytes > limit.limitBytes) throw quotaExceeded(limit, usedBytes, bytes);
      }
      await tx.query(
        `INSERT INTO storage_reservations (id, scopes, bytes, created_at)
         VALUES ($1, $2, $3, now())`,
        [id, scopes, bytes],
      );
    });
    return id;
  }

  /**
   * Runs a command that stores `bytes` in a tree within the quotas: reserves, runs, and drops the
   * reservation once the usage projection counts what the command appended.
   */
  async within<T extends { position: LogPosition | null }>(
    treeId: string,
    bytes: number,
    command: () => Promise<T>,
  ): Promise<T> {
    const reservation = await this.reserve(treeId, bytes);
    let result: T;
    try {
      result = await command();
    } catch (error) {
      await this.release(reservation, null);
      throw error;
    }
    await this.release(reservation, result.position);
    return result;
  }

  /** Drops a reservation once the read models include `position`, or at once without one. */
  async release(id: string | null, position: LogPosition | null): Promise<void> {
    if (id === null) return;
    if (position && !(await this.waiter.waitFor(position, this.config.readYourWritesTimeoutMs))) {
      // The projection is behind: the reservation keeps counting until it expires.
      this.logger.warn({ msg: 'storage reservation kept until it expires', reservation: id });
      return;
    }
    await this.dataSource.query('DELETE FROM storage_reservations WHERE id = $1', [id]);
  }

  /** Bytes counted against a scope: projected usage plus live reservations. */
  async usedBytes(scope: string, manager: EntityManager = this.dataSource.manager) {
    const rows: { bytes: string | null }[] = await manager.query(
      `SELECT coalesce((SELECT bytes FROM storage_usage WHERE scope = $1), 0)
         + coalesce((SELECT sum(bytes) FROM storage_reservations
                     WHERE $1 = ANY(scopes) AND created_at > now() - $2::interval), 0)
         AS bytes`,
      [scope, RESERVATION_TTL],
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  private async limitsOf(treeId: string): Promise<Limit[]> {
    const rows: {
      tenant_id: string;
      owner_id: string;
      partner: string | null;
      storage_quota: string | null;
      user_storage_quota: string | null;
    }[] = await this.dataSource.query(
      `SELECT ut.tenant_id, ut.owner_id, p.partner, t.storage_quota, t.user_storage_quota
       FROM usage_trees ut
       JOIN tenants t ON t.id = ut.tenant_id
       LEFT JOIN usage_tenants p ON p.tenant_id = ut.tenant_id
       WHERE ut.tree_id = $1`,
      [treeId],
    );
    const tree = rows[0];
    if (!tree) return [];
    const [user, tenant, partner] = storageScopes(tree.tenant_id, tree.owner_id, tree.partner);
    const limits: Limit[] = [];
    if (tree.user_storage_quota !== null) {
      limits.push({ level: 'user', scope: user!, limitBytes: Number(tree.user_storage_quota) });
    }
    if (tree.storage_quota !== null) {
      limits.push({ level: 'tenant', scope: tenant!, limitBytes: Number(tree.storage_quota) });
    }
    const partnerLimit = this.config.partnerStorageQuotaBytes;
    if (partner && partnerLimit !== null) {
      limits.push({ level: 'partner', scope: partner, limitBytes: partnerLimit });
    }
    return limits;
  }
}

function quotaExceeded(limit: Limit, usedBytes: number, requiredBytes: number): DomainError {
  const availableBytes = Math.max(0, limit.limitBytes - usedBytes);
  return new DomainError(
    'QUOTA_EXCEEDED',
    `the ${limit.level} storage quota of ${limit.limitBytes} bytes has ${availableBytes} bytes ` +
      `left, and this version needs ${requiredBytes}`,
    { level: limit.level, limitBytes: limit.limitBytes, usedBytes, availableBytes, requiredBytes },
  );
}
