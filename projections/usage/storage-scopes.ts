/** Keys of the usage counters a tree's bytes count against: its owner, tenant and partner. */
export function storageScopes(tenantId: string, ownerId: string, partner: string | null) {
  const scopes = [`user:${ownerId}`, `tenant:${tenantId}`];
  if (partner) scopes.push(`partner:${partner}`);
  return scopes;
}

/** Keys of the spend counters of a tenant and its partner in one period (`2026-12`). */
export function spendScopes(tenantId: string, partner: string | null, period: string) {
  const scopes = [`spend:tenant:${tenantId}:${period}`];
  if (partner) scopes.push(`spend:partner:${partner}:${period}`);
  return scopes;
}
