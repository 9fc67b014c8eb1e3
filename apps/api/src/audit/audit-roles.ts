import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

/** Token roles that may read a tenant's whole event log. */
export const AUDIT_ROLES = ['tenant-admin', 'auditor'] as const;

export function requireAuditor(principal: Principal): void {
  if (!principal.roles.some((role) => (AUDIT_ROLES as readonly string[]).includes(role))) {
    throw new DomainError(
      'FORBIDDEN',
      'reading the audit log needs the tenant-admin or auditor role',
      {
        requiredRoles: AUDIT_ROLES,
      },
    );
  }
}
