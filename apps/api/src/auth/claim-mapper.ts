import type { JWTPayload } from 'jose';
import type { ClaimNames } from '@scaidrive/config';
import { TokenRejectedError } from './token-rejected.error.js';
import type { VerifiedClaims } from './verified-claims.js';

/**
 * Reads a claim by its name, or by a dotted path into nested objects (`realm_access.roles`) when
 * no top-level claim has that name. Namespaced names such as `https://example.com/roles` contain
 * dots, so the literal name is tried first.
 */
function readClaim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const segment of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Accepts a list of strings or a single string, which some providers send for one group. */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}

/** Maps the claims of a verified token to the caller's identity through configured claim names. */
export function mapClaims(
  payload: JWTPayload,
  issuer: string,
  names: ClaimNames,
  defaultTenant: string | null,
): VerifiedClaims {
  const subject = nonEmptyString(payload.sub);
  if (subject === null) throw new TokenRejectedError('the token has no sub claim');
  const tenantClaim = readClaim(payload, names.tenant);
  if (tenantClaim !== undefined && nonEmptyString(tenantClaim) === null) {
    throw new TokenRejectedError(`the token claim ${names.tenant} is not a tenant name`);
  }
  const tenant = nonEmptyString(tenantClaim) ?? defaultTenant;
  if (tenant === null) {
    throw new TokenRejectedError(`the token has no ${names.tenant} claim naming the tenant`);
  }
  const name =
    nonEmptyString(readClaim(payload, names.name)) ??
    nonEmptyString(payload.preferred_username) ??
    subject;
  return {
    issuer,
    subject,
    tenant,
    name,
    groups: stringList(readClaim(payload, names.groups)),
    roles: stringList(readClaim(payload, names.roles)),
    partner: nonEmptyString(readClaim(payload, names.partner)),
  };
}
