/** Keys of the usage counters a tree's bytes count against: its owner, tenant and partner. */
export function storageScopes(tenantId: string, ownerId: string, partner: string | null) {
  const scopes = [`user:${ownerId}`, `tenant:${tenantId}`];
  if (partner) scopes.push(`partner:${partner}`);
  return scopes;
}
