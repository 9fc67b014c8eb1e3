import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { DomainError, embeddingTokens, spendPeriod } from '@scaidrive/domain';
import { type LogPosition } from '@scaidrive/event-store';
import { ReadModelWaiter, spendScopes, storageScopes } from '@scaidrive/projections';

/** A level at which storage is limited. */
export type QuotaLevel = 'user' | 'tenant' | 'partner';

/** A storage limit in bytes, or a monthly budget in embedding tokens. */
interface Limit {
  readonly kind: 'storage' | 'budget';
  readonly level: QuotaLevel;
  readonly scope: string;
  readonly limit: number;
  /** The month a budget applies to, such as `2026-12`. */
  readonly period?: string;
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
   * Reserves `bytes` of storage and the embedding tokens they will spend in a tree; throws
   * QUOTA_EXCEEDED or BUDGET_EXCEEDED naming the level that refuses. Returns the reservations' ids,
   * none when no level has a limit.
   */
  async reserve(treeId: string, bytes: number): Promise<string[]> {
    const limits = await this.limitsOf(treeId);
    if (limits.length === 0) return [];
    const tokens = embeddingTokens(bytes);
    const amountOf = (limit: Limit) => (limit.kind === 'storage' ? bytes : tokens);
    const reservations = (['storage', 'budget'] as const)
      .map((kind) => ({
        id: randomUUID(),
        scopes: limits.filter((limit) => limit.kind === kind).map((limit) => limit.scope),
        amount: kind === 'storage' ? bytes : tokens,
      }))
      .filter((reservation) => reservation.scopes.length > 0 && reservation.amount > 0);
    await this.dataSource.transaction(async (tx) => {
      for (const scope of limits.map((limit) => limit.scope).sort()) {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [scope]);
      }
      for (const limit of limits) {
        const used = await this.usedBytes(limit.scope, tx);
        if (used + amountOf(limit) > limit.limit) throw exceeded(limit, used, amountOf(limit));
      }
      for (const reservation of reservations) {
        await tx.query(
          `INSERT INTO storage_reservations (id, scopes, bytes, created_at)
           VALUES ($1, $2, $3, now())`,
          [reservation.id, reservation.scopes, reservation.amount],
        );
      }
    });
    return reservations.map((reservation) => reservation.id);
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

  /** Drops reservations once the read models include `position`, or at once without one. */
  async release(ids: readonly string[], position: LogPosition | null): Promise<void> {
    if (ids.length === 0) return;
    if (position && !(await this.waiter.waitFor(position, this.config.readYourWritesTimeoutMs))) {
      // The projection is behind: the reservation keeps counting until it expires.
      this.logger.warn({ msg: 'storage reservations kept until they expire', reservations: ids });
      return;
    }
    await this.dataSource.query('DELETE FROM storage_reservations WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
  }

  /**
   * Bytes a tree may still take before its tightest storage limit, or null when none applies. A
   * check ahead of a long upload; the commit's reservation still decides.
   */
  async headroom(treeId: string): Promise<number | null> {
    const limits = (await this.limitsOf(treeId)).filter((limit) => limit.kind === 'storage');
    if (limits.length === 0) return null;
    let left = Number.MAX_SAFE_INTEGER;
    for (const limit of limits) {
      left = Math.min(left, limit.limit - (await this.usedBytes(limit.scope)));
    }
    return Math.max(0, left);
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
      monthly_embedding_tokens: string | null;
    }[] = await this.dataSource.query(
      `SELECT ut.tenant_id, ut.owner_id, p.partner, t.storage_quota, t.user_storage_quota,
              t.monthly_embedding_tokens
       FROM usage_trees ut
       JOIN tenants t ON t.id = ut.tenant_id
       LEFT JOIN usage_tenants p ON p.tenant_id = ut.tenant_id
       WHERE ut.tree_id = $1`,
      [treeId],
    );
    const tree = rows[0];
    if (!tree) return [];
    const [user, tenant, partner] = storageScopes(tree.tenant_id, tree.owner_id, tree.partner);
    const period = spendPeriod(new Date());
    const [tenantSpend, partnerSpend] = spendScopes(tree.tenant_id, tree.partner, period);
    const { partnerStorageQuotaBytes, partnerMonthlyEmbeddingTokens } = this.config;
    const candidates: (Limit | null)[] = [
      storage('user', user!, tree.user_storage_quota),
      storage('tenant', tenant!, tree.storage_quota),
      partner ? storage('partner', partner, partnerStorageQuotaBytes) : null,
      budget('tenant', tenantSpend!, tree.monthly_embedding_tokens, period),
      partnerSpend ? budget('partner', partnerSpend, partnerMonthlyEmbeddingTokens, period) : null,
    ];
    return candidates.filter((limit): limit is Limit => limit !== null);
  }
}

function storage(level: QuotaLevel, scope: string, limit: string | number | null): Limit | null {
  return limit === null ? null : { kind: 'storage', level, scope, limit: Number(limit) };
}

function budget(
  level: QuotaLevel,
  scope: string,
  limit: string | number | null,
  period: string,
): Limit | null {
  return limit === null ? null : { kind: 'budget', level, scope, limit: Number(limit), period };
}

function exceeded(limit: Limit, used: number, required: number): DomainError {
  const available = Math.max(0, limit.limit - used);
  if (limit.kind === 'budget') {
    return new DomainError(
      'BUDGET_EXCEEDED',
      `the ${limit.level} embedding budget of ${limit.limit} tokens for ${limit.period} has ` +
        `${available} tokens left, and indexing this version needs ${required}`,
      {
        level: limit.level,
        period: limit.period,
        budgetTokens: limit.limit,
        spentTokens: used,
        availableTokens: available,
        requiredTokens: required,
      },
    );
  }
  return new DomainError(
    'QUOTA_EXCEEDED',
    `the ${limit.level} storage quota of ${limit.limit} bytes has ${available} bytes left, ` +
      `and this version needs ${required}`,
    {
      level: limit.level,
      limitBytes: limit.limit,
      usedBytes: used,
      availableBytes: available,
      requiredBytes: required,
    },
  );
}
