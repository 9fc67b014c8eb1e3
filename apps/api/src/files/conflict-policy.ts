import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ConflictStrategy } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

/** Strategy used when neither the request nor the tenant names one. */
export const DEFAULT_CONFLICT_STRATEGY: ConflictStrategy = 'KEEP_BOTH';

/**
 * Chooses the conflict strategy of a commit that names none: the tenant's default, which tenant
 * administrators set, and KEEP_BOTH otherwise, which never discards either edit.
 */
@Injectable()
export class ConflictPolicy {
  constructor(private readonly dataSource: DataSource) {}

  // TODO: a share's own strategy goes between the request's and the tenant's once shares exist.
  async defaultStrategy(principal: Principal): Promise<ConflictStrategy> {
    const rows: { default_conflict_strategy: ConflictStrategy }[] = await this.dataSource.query(
      'SELECT default_conflict_strategy FROM tenants WHERE id = $1',
      [principal.tenantId],
    );
    return rows[0]?.default_conflict_strategy ?? DEFAULT_CONFLICT_STRATEGY;
  }
}
