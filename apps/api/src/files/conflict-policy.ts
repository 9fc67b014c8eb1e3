import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ConflictStrategy } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

/** Strategy used when neither the request, the share nor the tenant names one. */
export const DEFAULT_CONFLICT_STRATEGY: ConflictStrategy = 'KEEP_BOTH';

/**
 * Chooses the conflict strategy of a commit that names none: the share's, which its owners and
 * admins set, then the tenant's, which tenant administrators set, and KEEP_BOTH otherwise, which
 * never discards either edit.
 */
@Injectable()
export class ConflictPolicy {
  constructor(private readonly dataSource: DataSource) {}

  async defaultStrategy(principal: Principal, treeId: string): Promise<ConflictStrategy> {
    const rows: { strategy: ConflictStrategy | null }[] = await this.dataSource.query(
      `SELECT coalesce(
         (SELECT conflict_strategy FROM shares WHERE tree_id = $2 AND tenant_id = $1),
         (SELECT default_conflict_strategy FROM tenants WHERE id = $1)) AS strategy`,
      [principal.tenantId, treeId],
    );
    return rows[0]?.strategy ?? DEFAULT_CONFLICT_STRATEGY;
  }
}
