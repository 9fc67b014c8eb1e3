type Env = Readonly<Record<string, string | undefined>>;

/** JWS algorithms an OIDC token may use: asymmetric only, so a public key is no HMAC secret. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Names (or dotted paths, such as `realm_access.roles`) of the token claims the API reads. */
export interface ClaimNames {
  readonly tenant: string;
  /** Display name claim. When it is absent, `preferred_username` and then `sub` are used. */
  readonly name: string;
  readonly groups: string;
  /** Administrative roles such as `tenant-admin` and `auditor`. */
  readonly roles: string;
  /** Partner that contains the tenant, an optional claim. */
  readonly partner: string;
}

export interface AuthConfig {
  /** Accept tokens of the built-in development issuer, whose key lives in the data folder. */
  readonly devIssuer: boolean;
  readonly oidcIssuer: string | null;
  readonly audience: string;
  readonly algorithms: readonly string[];
  /** Minimum time between two JWKS fetches caused by tokens with an unknown `kid`. */
  readonly jwksCooldownMs: number;
  /** Age after which the cached JWKS is fetched again before the next verification. */
  readonly jwksCacheMaxAgeMs: number;
  readonly claims: ClaimNames;
  /** Tenant of tokens without the tenant claim, or null to reject such tokens. */
  readonly defaultTenant: string | null;
}

const CLAIM_PATH = /^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks that a URL of the OIDC provider uses https, or plain http on a loopback address.
 * Keys fetched over plain HTTP could be replaced in transit, which would let anyone sign tokens.
 */
export function isTrustedProviderUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

function readIssuer(env: Env, problems: string[]): string | null {
  const raw = env.OIDC_ISSUER;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`OIDC_ISSUER must be a URL, got ${JSON.stringify(raw)}`);
    return null;
  }
  if (!isTrustedProviderUrl(url)) {
    problems.push(`OIDC_ISSUER must be an https:// URL (http:// only on loopback), got ${raw}`);
  }
  if (url.search || url.hash) problems.push('OIDC_ISSUER must not have a query or fragment');
  return raw;
}

function readAlgorithms(env: Env, problems: string[]): string[] {
  const raw = env.OIDC_ALGORITHMS;
  if (raw === undefined || raw.trim() === '') return [...ASYMMETRIC_ALGORITHMS];
  const algorithms = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const allowed: readonly string[] = ASYMMETRIC_ALGORITHMS;
  const invalid = algorithms.filter((item) => !allowed.includes(item));
  if (invalid.length > 0) {
    problems.push(
      `OIDC_ALGORITHMS may list only ${allowed.join(', ')}; invalid: ${invalid.join(', ')}`,
    );
  }
  if (algorithms.length === 0) problems.push('OIDC_ALGORITHMS must list at least one algorithm');
  return algorithms;
}

function readMilliseconds(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be a whole number of milliseconds, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return Number(raw);
}

function readClaim(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!CLAIM_PATH.test(raw)) {
    const example = 'a dotted path such as realm_access.roles';
    problems.push(`${name} must be a claim name or ${example}, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return raw;
}

function readClaimNames(env: Env, problems: string[]): ClaimNames {
  return {
    tenant: readClaim(env, 'OIDC_TENANT_CLAIM', 'tenant', problems),
    name: readClaim(env, 'OIDC_NAME_CLAIM', 'name', problems),
    groups: readClaim(env, 'OIDC_GROUPS_CLAIM', 'groups', problems),
    roles: readClaim(env, 'OIDC_ROLES_CLAIM', 'roles', problems),
    partner: readClaim(env, 'OIDC_PARTNER_CLAIM', 'partner', problems),
  };
}

/** Reads the token settings. The caller passes `devIssuer`, whose default follows DATABASE_URL. */
export function readAuthConfig(env: Env, devIssuer: boolean, problems: string[]): AuthConfig {
  const oidcIssuer = readIssuer(env, problems);
  if (!devIssuer && !env.OIDC_ISSUER) {
    problems.push('set OIDC_ISSUER, or DEV_ISSUER_ENABLED=true to accept development tokens');
  }
  const audience = env.OIDC_AUDIENCE ?? 'scaidrive';
  if (audience.trim() === '') problems.push('OIDC_AUDIENCE must not be empty');
  const defaultTenant = env.OIDC_DEFAULT_TENANT || null;
  if (defaultTenant !== null && defaultTenant.trim() === '') {
    problems.push('OIDC_DEFAULT_TENANT must not be blank');
  }
  return {
    devIssuer,
    oidcIssuer,
    audience,
    algorithms: readAlgorithms(env, problems),
    jwksCooldownMs: readMilliseconds(env, 'OIDC_JWKS_COOLDOWN_MS', 30_000, problems),
    jwksCacheMaxAgeMs: readMilliseconds(env, 'OIDC_JWKS_CACHE_MAX_AGE_MS', 600_000, problems),
    claims: readClaimNames(env, problems),
    defaultTenant,
  };
}
