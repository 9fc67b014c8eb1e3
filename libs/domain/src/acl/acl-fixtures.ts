import { AppliesTo, type InheritanceFlags } from './inheritance-flags.js';
import { type AccessControlEntry, type NodeSecurity, type SecuredNode } from './node-security.js';
import {
  type GroupPrincipal,
  type OwnerPrincipal,
  type Principal,
  type RolePrincipal,
  type SecurityIdentity,
  type UserPrincipal,
} from './principal.js';
import { type RightsMask } from './rights.js';
import { type ShareRole } from './share-roles.js';

/** Builders that keep the permission specs readable as tables. */

export const user = (id: string): UserPrincipal => ({ kind: 'user', id });
export const group = (id: string): GroupPrincipal => ({ kind: 'group', id });
export const role = (name: ShareRole): RolePrincipal => ({ kind: 'role', role: name });

/** Builds an allow entry, by default for this folder, its subfolders and files as in Windows. */
export function allow(
  principal: Principal,
  rights: RightsMask,
  inheritance: InheritanceFlags = AppliesTo.THIS_FOLDER_SUBFOLDERS_AND_FILES,
): AccessControlEntry {
  return { principal, type: 'allow', rights, inheritance };
}

export function deny(
  principal: Principal,
  rights: RightsMask,
  inheritance: InheritanceFlags = AppliesTo.THIS_FOLDER_SUBFOLDERS_AND_FILES,
): AccessControlEntry {
  return { principal, type: 'deny', rights, inheritance };
}

interface NodeOptions {
  readonly protected?: boolean;
  readonly owner?: OwnerPrincipal;
}

function security(entries: AccessControlEntry[], options: NodeOptions): NodeSecurity {
  return {
    owner: options.owner ?? user('founder'),
    protected: options.protected ?? false,
    entries,
  };
}

export function folder(
  id: string,
  entries: AccessControlEntry[] = [],
  options: NodeOptions = {},
): SecuredNode {
  return { id, kind: 'folder', security: security(entries, options) };
}

/** A file; its entries must use `AppliesTo.THIS_FOLDER_ONLY`, since files have no children. */
export function file(
  id: string,
  entries: AccessControlEntry[] = [],
  options: NodeOptions = {},
): SecuredNode {
  return { id, kind: 'file', security: security(entries, options) };
}

export function identity(
  userId: string,
  groupIds: string[] = [],
  roles: ShareRole[] = [],
): SecurityIdentity {
  return { userId, groupIds, roles };
}
