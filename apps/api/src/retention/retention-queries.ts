import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_RETENTION_POLICY, DomainError, type RetentionPolicy } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import { requireDriveOwner } from './drive-owner.js';

/** A drive's retention policy as the API returns it. */
export interface RetentionPolicyView extends RetentionPolicy {
  readonly driveId: string;
  /** True while the owner has set no policy and the defaults apply. */
  readonly isDefault: boolean;
}

@Injectable()
export class RetentionQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
  ) {}

  /** Returns the policy in effect for a drive the caller owns. */
  async policy(principal: Principal, driveId: string): Promise<RetentionPolicyView> {
    await requireDriveOwner(this.access, principal, driveId);
    const rows: { retention: RetentionPolicy | null }[] = await this.dataSource.query(
      'SELECT retention FROM trees WHERE id = $1 AND tenant_id = $2',
      [driveId, principal.tenantId],
    );
    if (rows.length === 0) {
      throw new DomainError('NOT_FOUND', `drive ${driveId} not found`, { driveId });
    }
    const stored = rows[0].retention;
    const policy = stored ?? DEFAULT_RETENTION_POLICY;
    return {
      driveId,
      keepVersions: policy.keepVersions,
      keepDays: policy.keepDays,
      trashDays: policy.trashDays,
      isDefault: stored === null,
    };
  }
}
