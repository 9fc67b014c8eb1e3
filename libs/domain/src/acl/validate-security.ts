import { DomainError } from '../errors/domain-error.js';
import { ALL_INHERITANCE_FLAGS, hasFlag, Inherit } from './inheritance-flags.js';
import { type NodeKind, type NodeSecurity } from './node-security.js';
import { type Principal } from './principal.js';
import { ALL_RIGHTS } from './rights.js';
import { SHARE_ROLES } from './share-roles.js';

/**
 * Throws INVALID_ARGUMENT when `security` cannot be set on a node of `kind`. Commands that change
 * permissions call it, so the evaluator can trust the stored entries.
 */
export function assertValidSecurity(kind: NodeKind, security: NodeSecurity): void {
  assertValidPrincipal(security.owner, 'owner');
  security.entries.forEach((entry, index) => {
    const field = `entries[${index}]`;
    assertValidPrincipal(entry.principal, `${field}.principal`);
    if (entry.type !== 'allow' && entry.type !== 'deny') {
      invalid(`${field}.type must be allow or deny`, field);
    }
    if (!Number.isInteger(entry.rights) || entry.rights <= 0 || entry.rights & ~ALL_RIGHTS) {
      invalid(`${field}.rights must be a non-empty mask of known rights`, field);
    }
    const flags = entry.inheritance;
    if (!Number.isInteger(flags) || flags < 0 || flags & ~ALL_INHERITANCE_FLAGS) {
      invalid(`${field}.inheritance contains unknown flags`, field);
    }
    if (kind === 'file' && flags !== Inherit.NONE) {
      invalid(`${field}.inheritance must be empty on a file, which has no children`, field);
    }
    const inherits = hasFlag(flags, Inherit.OBJECT | Inherit.CONTAINER);
    const needsInheritance = hasFlag(flags, Inherit.INHERIT_ONLY | Inherit.NO_PROPAGATE);
    if (needsInheritance && !inherits) {
      invalid(
        `${field}.inheritance sets inherit-only or no-propagate without files or folders`,
        field,
      );
    }
  });
}

function assertValidPrincipal(principal: Principal, field: string): void {
  const valid =
    principal.kind === 'role'
      ? SHARE_ROLES.includes(principal.role)
      : (principal.kind === 'user' || principal.kind === 'group') && principal.id.length > 0;
  if (!valid) invalid(`${field} must be a user or group with an id, or a share role`, field);
}

function invalid(message: string, field: string): never {
  throw new DomainError('INVALID_ARGUMENT', message, { field });
}
