import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { type DriveAccess } from '../files/drive-access.js';

/**
 * Throws NOT_FOUND for a drive the caller cannot reach, so drive ids reveal nothing, and
 * FORBIDDEN for one the caller reaches without owning it. A drive's owner is the user whose
 * personal drive it is.
 */
export async function requireDriveOwner(
  access: DriveAccess,
  principal: Principal,
  driveId: string,
): Promise<void> {
  if (!(await access.readableTreeIds(principal)).includes(driveId)) {
    throw new DomainError('NOT_FOUND', `drive ${driveId} not found`, { driveId });
  }
  if (principal.driveId !== driveId) {
    throw new DomainError('FORBIDDEN', 'only the owner of the drive may manage its retention', {
      driveId,
    });
  }
}
