import { type ConflictStrategy } from './drive-events.js';

/** Events of tenant (`tenant-<id>`) and user (`user-<id>`) streams. */

export interface TenantProvisioned {
  readonly tenantId: string;
  readonly name: string;
  /** The partner that the tenant belongs to; absent for a tenant of no partner. */
  readonly partner?: string | null;
}

/** A tenant administrator disabled a user: every request of theirs gets 403 until re-enabled. */
export interface UserDisabled {
  readonly userId: string;
  readonly tenantId: string;
}

export interface UserEnabled {
  readonly userId: string;
  readonly tenantId: string;
}

/** A partner administrator suspended the tenant: its users get 403 on every request. */
export interface TenantSuspended {
  readonly tenantId: string;
  readonly reason: string;
}

export interface TenantReinstated {
  readonly tenantId: string;
}

/**
 * A storage limit changed: the tenant's, which its partner's administrators set, or the one for
 * each of its users, which tenant administrators set. Absent fields keep their value; null lifts a
 * limit.
 */
export interface TenantQuotaSet {
  readonly tenantId: string;
  readonly storageBytes?: number | null;
  readonly userStorageBytes?: number | null;
  /** Embedding tokens the tenant may spend per calendar month, set by its partner. */
  readonly monthlyEmbeddingTokens?: number | null;
}

export interface UserProvisioned {
  readonly userId: string;
  readonly tenantId: string;
  /** Token issuer and subject that identify the user at the identity provider. */
  readonly issuer: string;
  readonly subject: string;
  readonly displayName: string;
  /** The user's personal drive, created in the same request. */
  readonly driveId: string;
}

/** A tenant administrator changed the tenant's defaults; absent fields keep their value. */
export interface TenantSettingsChanged {
  readonly tenantId: string;
  readonly defaultConflictStrategy?: ConflictStrategy;
  /** Applies to drives created afterwards; an existing drive keeps the rule it was created with. */
  readonly caseSensitiveNames?: boolean;
}

export interface IdentityEventMap {
  TenantProvisioned: TenantProvisioned;
  UserProvisioned: UserProvisioned;
  TenantSettingsChanged: TenantSettingsChanged;
  TenantSuspended: TenantSuspended;
  TenantReinstated: TenantReinstated;
  TenantQuotaSet: TenantQuotaSet;
  UserDisabled: UserDisabled;
  UserEnabled: UserEnabled;
}

export function tenantStreamId(tenantId: string): string {
  return `tenant-${tenantId}`;
}

export function userStreamId(userId: string): string {
  return `user-${userId}`;
}
