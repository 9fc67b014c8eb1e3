import { ConfigError, loadConfig } from './config.js';

const EXTERNAL = {
  SCAIDRIVE_DATA_DIR: '/tmp/scaidrive-config-spec',
  DATABASE_URL: 'postgres://localhost/scaidrive',
  OIDC_ISSUER: 'https://login.example.com/realms/acme',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('auth configuration', () => {
  it('defaults claim names, algorithms and JWKS timing', () => {
    const { auth } = loadConfig(EXTERNAL);
    expect(auth.oidcIssuer).toBe('https://login.example.com/realms/acme');
    expect(auth.audience).toBe('scaidrive');
    expect(auth.claims).toEqual({
      tenant: 'tenant',
      name: 'name',
      groups: 'groups',
      roles: 'roles',
      partner: 'partner',
    });
    expect(auth.algorithms).toContain('RS256');
    expect(auth.algorithms).toContain('ES256');
    expect(auth.algorithms.some((algorithm) => algorithm.startsWith('HS'))).toBe(false);
    expect(auth.jwksCooldownMs).toBe(30_000);
    expect(auth.jwksCacheMaxAgeMs).toBe(600_000);
    expect(auth.defaultTenant).toBeNull();
  });

  it('reads configured claim names and dotted paths', () => {
    const { auth } = loadConfig({
      ...EXTERNAL,
      OIDC_TENANT_CLAIM: 'org',
      OIDC_NAME_CLAIM: 'display_name',
      OIDC_GROUPS_CLAIM: 'memberOf',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_PARTNER_CLAIM: 'https://example.com/partner',
      OIDC_DEFAULT_TENANT: 'acme',
    });
    expect(auth.claims).toEqual({
      tenant: 'org',
      name: 'display_name',
      groups: 'memberOf',
      roles: 'realm_access.roles',
      partner: 'https://example.com/partner',
    });
    expect(auth.defaultTenant).toBe('acme');
  });

  it('rejects claim names with spaces or empty segments', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_TENANT_CLAIM: 'my tenant' })).toEqual([
      expect.stringContaining('OIDC_TENANT_CLAIM must be a claim name'),
    ]);
    expect(problemsOf({ ...EXTERNAL, OIDC_ROLES_CLAIM: 'realm_access..roles' })).toEqual([
      expect.stringContaining('OIDC_ROLES_CLAIM must be a claim name'),
    ]);
  });

  it('reads an algorithm list', () => {
    const { auth } = loadConfig({ ...EXTERNAL, OIDC_ALGORITHMS: 'RS256, ES256' });
    expect(auth.algorithms).toEqual(['RS256', 'ES256']);
  });

  it('rejects HMAC, none and unknown algorithms', () => {
    const problems = problemsOf({ ...EXTERNAL, OIDC_ALGORITHMS: 'RS256,HS256,none,XY1' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('invalid: HS256, none, XY1');
  });

  it('rejects an empty algorithm list', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_ALGORITHMS: ' , ' })).toEqual([
      'OIDC_ALGORITHMS must list at least one algorithm',
    ]);
  });

  it('reads JWKS cooldown and cache age', () => {
    const { auth } = loadConfig({
      ...EXTERNAL,
      OIDC_JWKS_COOLDOWN_MS: '1000',
      OIDC_JWKS_CACHE_MAX_AGE_MS: '60000',
    });
    expect(auth.jwksCooldownMs).toBe(1000);
    expect(auth.jwksCacheMaxAgeMs).toBe(60_000);
  });

  it('rejects non-integer JWKS timing', () => {
    const problems = problemsOf({
      ...EXTERNAL,
      OIDC_JWKS_COOLDOWN_MS: '-1',
      OIDC_JWKS_CACHE_MAX_AGE_MS: '10m',
    });
    expect(problems).toEqual([
      expect.stringContaining('OIDC_JWKS_COOLDOWN_MS must be a whole number'),
      expect.stringContaining('OIDC_JWKS_CACHE_MAX_AGE_MS must be a whole number'),
    ]);
  });

  it('rejects an issuer that is not a URL', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_ISSUER: 'login.example.com' })).toEqual([
      'OIDC_ISSUER must be a URL, got "login.example.com"',
    ]);
  });

  it('rejects a plain HTTP issuer off loopback', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_ISSUER: 'http://login.example.com' })).toEqual([
      expect.stringContaining('OIDC_ISSUER must be an https:// URL'),
    ]);
  });

  it('accepts a plain HTTP issuer on loopback', () => {
    for (const issuer of ['http://127.0.0.1:9000', 'http://localhost:9000/realms/a']) {
      expect(loadConfig({ ...EXTERNAL, OIDC_ISSUER: issuer }).auth.oidcIssuer).toBe(issuer);
    }
  });

  it('rejects an issuer with a query', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_ISSUER: 'https://login.example.com/?a=1' })).toEqual([
      'OIDC_ISSUER must not have a query or fragment',
    ]);
  });

  it('rejects an empty audience', () => {
    expect(problemsOf({ ...EXTERNAL, OIDC_AUDIENCE: ' ' })).toEqual([
      'OIDC_AUDIENCE must not be empty',
    ]);
  });

  it('enables dev issuer by default when embedded', () => {
    const embedded = loadConfig({ SCAIDRIVE_DATA_DIR: '/tmp/scaidrive-config-spec' });
    expect(embedded.auth.devIssuer).toBe(true);
    expect(loadConfig(EXTERNAL).auth.devIssuer).toBe(false);
  });

  it('enables dev issuer with DATABASE_URL on request', () => {
    const { auth } = loadConfig({ ...EXTERNAL, DEV_ISSUER_ENABLED: 'true' });
    expect(auth.devIssuer).toBe(true);
  });

  it('disables dev issuer when embedded on request', () => {
    const { auth } = loadConfig({
      SCAIDRIVE_DATA_DIR: '/tmp/scaidrive-config-spec',
      DEV_ISSUER_ENABLED: 'false',
      OIDC_ISSUER: 'https://login.example.com',
    });
    expect(auth.devIssuer).toBe(false);
  });

  it('requires an issuer without dev issuer', () => {
    const { OIDC_ISSUER: _issuer, ...withoutIssuer } = EXTERNAL;
    expect(problemsOf(withoutIssuer)).toEqual([
      'set OIDC_ISSUER, or DEV_ISSUER_ENABLED=true to accept development tokens',
    ]);
  });
});
