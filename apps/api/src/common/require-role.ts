import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

/** Throws FORBIDDEN unless the caller's token carries `role`; `action` names what needs it. */
export function requireRole(principal: Principal, role: string, action: string): void {
  if (!principal.roles.includes(role)) {
    throw new DomainError('FORBIDDEN', `${action} needs the ${role} role`, { role });
  }
}
