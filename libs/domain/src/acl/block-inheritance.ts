import { assertChain, offeredEntries } from './node-acl.js';
import { type NodeSecurity, type SecuredNode } from './node-security.js';

/**
 * Treatment of the inherited entries when a node starts blocking inheritance, the choice the
 * Windows security dialog offers: convert them into explicit entries, or remove them.
 */
export type BlockedInheritance = 'copy' | 'drop';

/**
 * Returns the security of the last node of `chain` with inheritance blocked. With `copy` the
 * entries it inherits now become explicit entries after its own, with the inheritance flags they
 * carry on it. Entries from share roles are copied as entries for the role, so they keep
 * following the share's members.
 * NOTE: copying keeps the effective rights unless an allow was beating a deny from farther up (an
 * allow of the node itself or of a nearer folder). Once both are explicit, the deny wins.
 */
export function blockInheritance(
  chain: readonly SecuredNode[],
  mode: BlockedInheritance,
): NodeSecurity {
  assertChain(chain);
  const security = chain[chain.length - 1]!.security;
  if (security.protected) return security;
  const copied = mode === 'copy' ? offeredEntries(chain) : [];
  return { ...security, protected: true, entries: [...security.entries, ...copied] };
}

/**
 * Returns `security` receiving inherited entries again. Explicit entries stay, including those
 * copied when inheritance was blocked, as they do in Windows.
 */
export function restoreInheritance(security: NodeSecurity): NodeSecurity {
  return { ...security, protected: false };
}
