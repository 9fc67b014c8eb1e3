/** Events of tenant (`tenant-<id>`) and user (`user-<id>`) streams. */

export interface TenantProvisioned {
  readonly tenantId: string;
  readonly name: string;
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

export interface IdentityEventMap {
  TenantProvisioned: TenantProvisioned;
  UserProvisioned: UserProvisioned;
}

export function tenantStreamId(tenantId: string): string {
  return `tenant-${tenantId}`;
}

export function userStreamId(userId: string): string {
  return `user-${userId}`;
}
