import { type ShareRole } from './share-roles.js';

export interface UserPrincipal {
  readonly kind: 'user';
  readonly id: string;
}

export interface GroupPrincipal {
  readonly kind: 'group';
  readonly id: string;
}

/** Every member of a share holding the role, like a built-in Windows group. */
export interface RolePrincipal {
  readonly kind: 'role';
  readonly role: ShareRole;
}

/** Subject of an access control entry: a user, a group or a share role. */
export type Principal = UserPrincipal | GroupPrincipal | RolePrincipal;

/** Owner of a node: a user, or a group as the Administrators group can be in Windows. */
export type OwnerPrincipal = UserPrincipal | GroupPrincipal;

/**
 * The identity an access check is made for: the user, every group they belong to (nested groups
 * already expanded by the caller) and every role they hold in the share, directly or through a
 * group.
 */
export interface SecurityIdentity {
  readonly userId: string;
  readonly groupIds: readonly string[];
  readonly roles: readonly ShareRole[];
}

/** Returns whether an entry or an owner written for `principal` applies to `identity`. */
export function matchesPrincipal(principal: Principal, identity: SecurityIdentity): boolean {
  switch (principal.kind) {
    case 'user':
      return principal.id === identity.userId;
    case 'group':
      return identity.groupIds.includes(principal.id);
    case 'role':
      return identity.roles.includes(principal.role);
  }
}

/** Formats a principal for messages and explanations, such as `group:finance`. */
export function formatPrincipal(principal: Principal): string {
  return principal.kind === 'role' ? `role:${principal.role}` : `${principal.kind}:${principal.id}`;
}
