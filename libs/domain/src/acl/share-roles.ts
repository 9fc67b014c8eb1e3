import { Inherit } from './inheritance-flags.js';
import { type AccessControlEntry } from './node-security.js';
import { type RolePrincipal } from './principal.js';
import { Rights, type RightsMask } from './rights.js';

export const SHARE_ROLES = ['owner', 'admin', 'contributor', 'reader'] as const;

export type ShareRole = (typeof SHARE_ROLES)[number];

/**
 * Base rights of each role on the share's root. Owner and admin differ only in share management
 * (members, deleting the share), which is decided outside node permissions.
 */
export const ROLE_RIGHTS: Readonly<Record<ShareRole, RightsMask>> = {
  owner: Rights.FULL_CONTROL,
  admin: Rights.FULL_CONTROL,
  contributor: Rights.MODIFY,
  reader: Rights.READ_ONLY,
};

/** An entry for the members of a share role. */
export interface RoleEntry extends AccessControlEntry {
  readonly principal: RolePrincipal;
}

/**
 * Builds the allow entries that the share's root inherits from the share, one per role. They sit
 * below every entry of the nodes, so any deny on the way down takes a role's right away, and a
 * node that blocks inheritance blocks them too.
 */
export function shareRoleEntries(): RoleEntry[] {
  return SHARE_ROLES.map((role) => ({
    principal: { kind: 'role', role },
    type: 'allow',
    rights: ROLE_RIGHTS[role],
    inheritance: Inherit.OBJECT | Inherit.CONTAINER,
  }));
}
