import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { type DriveAccess } from '../files/drive-access.js';

/**
 * Throws NOT_FOUND for a drive the caller cannot reach, so drive ids reveal nothing, and
 * FORBIDDEN for one they reach without managing it. A personal drive is managed by its owner, a
 * share's tree by the share's owners and admins, and every drive of a tenant by its tenant
 * administrators.
 */
export async function requireDriveOwner(
  access: DriveAccess,
  principal: Principal,
  driveId: string,
): Promise<void> {
  if (principal.roles.includes('tenant-admin')) {
    if ((await access.tenantOfTree(driveId)) === principal.tenantId) return;
  }
  const grant = await access.grant(principal, driveId);
  if (!grant) throw new DomainError('NOT_FOUND', `drive ${driveId} not found`, { driveId });
  if (grant.role !== 'owner' && grant.role !== 'admin') {
    throw new DomainError('FORBIDDEN', 'managing retention needs the owner or admin role', {
      driveId,
      role: grant.role,
    });
  }
}
