import { EntityManager } from 'typeorm';
import {
  type TenantProvisioned,
  type TenantQuotaSet,
  type TenantReinstated,
  type TenantSuspended,
  type UserDisabled,
  type TenantSettingsChanged,
  type UserProvisioned,
} from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { type Projection } from '../runtime/projection.js';

/** Builds the tenants and users tables. */
export class IdentityProjection implements Projection {
  readonly name = 'identity';
  readonly tables = ['tenants', 'users'];

  async apply(tx: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type === 'TenantProvisioned') {
      const data = event.data as TenantProvisioned;
      await tx.query(
        'INSERT INTO tenants (id, name, partner, created_at) VALUES ($1, $2, $3, $4)',
        [data.tenantId, data.name, data.partner ?? null, event.metadata.occurredAt],
      );
    } else if (event.type === 'TenantSuspended') {
      const data = event.data as TenantSuspended;
      await tx.query('UPDATE tenants SET suspended_reason = $2 WHERE id = $1', [
        data.tenantId,
        data.reason,
      ]);
    } else if (event.type === 'TenantQuotaSet') {
      const data = event.data as TenantQuotaSet;
      // Absent fields keep their value, so each one is set only when the event carries it.
      await tx.query(
        `UPDATE tenants SET
           storage_quota = CASE WHEN $2 THEN $3::bigint ELSE storage_quota END,
           user_storage_quota = CASE WHEN $4 THEN $5::bigint ELSE user_storage_quota END,
           monthly_embedding_tokens =
             CASE WHEN $6 THEN $7::bigint ELSE monthly_embedding_tokens END
         WHERE id = $1`,
        [
          data.tenantId,
          data.storageBytes !== undefined,
          data.storageBytes ?? null,
          data.userStorageBytes !== undefined,
          data.userStorageBytes ?? null,
          data.monthlyEmbeddingTokens !== undefined,
          data.monthlyEmbeddingTokens ?? null,
        ],
      );
    } else if (event.type === 'UserDisabled' || event.type === 'UserEnabled') {
      const data = event.data as UserDisabled;
      await tx.query('UPDATE users SET disabled = $2 WHERE id = $1', [
        data.userId,
        event.type === 'UserDisabled',
      ]);
    } else if (event.type === 'TenantReinstated') {
      const data = event.data as TenantReinstated;
      await tx.query('UPDATE tenants SET suspended_reason = NULL WHERE id = $1', [data.tenantId]);
    } else if (event.type === 'TenantSettingsChanged') {
      const data = event.data as TenantSettingsChanged;
      await tx.query(
        `UPDATE tenants SET
           default_conflict_strategy = coalesce($2, default_conflict_strategy),
           case_sensitive_names = coalesce($3, case_sensitive_names)
         WHERE id = $1`,
        [data.tenantId, data.defaultConflictStrategy ?? null, data.caseSensitiveNames ?? null],
      );
    } else if (event.type === 'UserProvisioned') {
      const data = event.data as UserProvisioned;
      await tx.query(
        `INSERT INTO users (id, tenant_id, issuer, subject, display_name, drive_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          data.userId,
          data.tenantId,
          data.issuer,
          data.subject,
          data.displayName,
          data.driveId,
          event.metadata.occurredAt,
        ],
      );
    }
  }
}
