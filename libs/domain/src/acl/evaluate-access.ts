import {
  type AccessExplanation,
  type AccessReason,
  type RightDecision,
} from './access-explanation.js';
import { hasFlag, Inherit } from './inheritance-flags.js';
import { nodeAcl } from './node-acl.js';
import { type AppliedEntry, type SecuredNode } from './node-security.js';
import { matchesPrincipal, type SecurityIdentity } from './principal.js';
import { Right, RIGHT_NAMES, type RightName, type RightsMask } from './rights.js';
import { type ShareRole } from './share-roles.js';

/**
 * Rights the owner of a node always has, even against deny entries, as in Windows. An owner who
 * denied themselves everything can still read and repair the node's permissions.
 * NOTE: Windows lets an OWNER RIGHTS entry replace these rights, but ScaiDrive has no such
 * principal.
 */
export const OWNER_IMPLICIT_RIGHTS = Right.READ_PERMISSIONS | Right.CHANGE_PERMISSIONS;

/**
 * Share roles that always have TAKE_OWNERSHIP, like holders of the Windows privilege "Take
 * ownership of files or other objects". Without it, a protected folder without entries for
 * anyone could never be opened again once its owner leaves.
 */
export const TAKE_OWNERSHIP_ROLES: readonly ShareRole[] = ['owner', 'admin'];

/**
 * Decides every right of `identity` on the last node of `chain` (share root first) and records
 * the reason for each. Entries are read in canonical order, and the first matching entry that
 * contains a right decides it. A right that no entry contains is denied.
 */
export function explainAccess(
  chain: readonly SecuredNode[],
  identity: SecurityIdentity,
): AccessExplanation {
  const acl = nodeAcl(chain);
  const node = chain[chain.length - 1]!;
  const reasons = new Map<RightName, AccessReason>();

  const owner = node.security.owner;
  if (matchesPrincipal(owner, identity)) {
    for (const name of RIGHT_NAMES) {
      if (Right[name] & OWNER_IMPLICIT_RIGHTS) {
        reasons.set(name, { kind: 'owner', principal: owner });
      }
    }
  }

  const privileged = TAKE_OWNERSHIP_ROLES.find((role) => identity.roles.includes(role));
  if (privileged && !reasons.has('TAKE_OWNERSHIP')) {
    reasons.set('TAKE_OWNERSHIP', { kind: 'privilege', role: privileged });
  }

  for (const entry of acl) {
    if (reasons.size === RIGHT_NAMES.length) break;
    if (hasFlag(entry.inheritance, Inherit.INHERIT_ONLY)) continue;
    if (!matchesPrincipal(entry.principal, identity)) continue;
    for (const name of RIGHT_NAMES) {
      if (Right[name] & entry.rights && !reasons.has(name)) reasons.set(name, reasonOf(entry));
    }
  }

  let rights = 0;
  const decisions: RightDecision[] = RIGHT_NAMES.map((right) => {
    const reason = reasons.get(right) ?? { kind: 'no-entry' };
    const allowed = grants(reason);
    if (allowed) rights |= Right[right];
    return { right, allowed, reason };
  });
  return { nodeId: node.id, rights, decisions };
}

/** Returns the effective rights of `identity` on the last node of `chain`. */
export function evaluateAccess(
  chain: readonly SecuredNode[],
  identity: SecurityIdentity,
): RightsMask {
  return explainAccess(chain, identity).rights;
}

/**
 * Returns whether `identity` may delete the last node of `chain`. As in Windows, "delete children"
 * on the parent folder is enough even when the node itself denies deletion.
 */
export function canDeleteNode(chain: readonly SecuredNode[], identity: SecurityIdentity): boolean {
  if (evaluateAccess(chain, identity) & Right.DELETE) return true;
  if (chain.length < 2) return false;
  return (evaluateAccess(chain.slice(0, -1), identity) & Right.DELETE_CHILDREN) !== 0;
}

function grants(reason: AccessReason): boolean {
  switch (reason.kind) {
    case 'entry':
    case 'share-role':
      return reason.type === 'allow';
    case 'owner':
    case 'privilege':
      return true;
    case 'no-entry':
      return false;
  }
}

function reasonOf(entry: AppliedEntry): AccessReason {
  const origin = entry.origin;
  if (origin.kind === 'share-role') {
    return {
      kind: 'share-role',
      type: 'allow',
      inherited: true,
      role: origin.role,
      depth: origin.depth,
    };
  }
  return {
    kind: 'entry',
    type: entry.type,
    inherited: entry.inherited,
    nodeId: origin.nodeId,
    aceIndex: origin.aceIndex,
    depth: origin.depth,
    principal: entry.principal,
  };
}
