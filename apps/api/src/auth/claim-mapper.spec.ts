import type { ClaimNames } from '@scaidrive/config';
import { mapClaims } from './claim-mapper.js';
import { TokenRejectedError } from './token-rejected.error.js';

const DEFAULT_NAMES: ClaimNames = {
  tenant: 'tenant',
  name: 'name',
  groups: 'groups',
  roles: 'roles',
  partner: 'partner',
};
const ISSUER = 'https://login.example.com';

describe('mapClaims', () => {
  it('maps the default claim names', () => {
    const claims = mapClaims(
      {
        sub: 'u-1',
        tenant: 'acme',
        name: 'Alice',
        groups: ['eng', 'ops'],
        roles: ['tenant-admin'],
        partner: 'reseller-1',
      },
      ISSUER,
      DEFAULT_NAMES,
      null,
    );
    expect(claims).toEqual({
      issuer: ISSUER,
      subject: 'u-1',
      tenant: 'acme',
      name: 'Alice',
      groups: ['eng', 'ops'],
      roles: ['tenant-admin'],
      partner: 'reseller-1',
    });
  });

  it('reads dotted paths and namespaced names', () => {
    const names: ClaimNames = {
      ...DEFAULT_NAMES,
      roles: 'realm_access.roles',
      groups: 'https://example.com/groups',
    };
    const claims = mapClaims(
      {
        sub: 'u-1',
        tenant: 'acme',
        realm_access: { roles: ['auditor'] },
        'https://example.com/groups': ['finance'],
      },
      ISSUER,
      names,
      null,
    );
    expect(claims.roles).toEqual(['auditor']);
    expect(claims.groups).toEqual(['finance']);
  });

  it('falls back to preferred_username, then sub', () => {
    const named = mapClaims(
      { sub: 'u-1', tenant: 'acme', preferred_username: 'alice' },
      ISSUER,
      DEFAULT_NAMES,
      null,
    );
    expect(named.name).toBe('alice');
    const bare = mapClaims({ sub: 'u-1', tenant: 'acme', name: '' }, ISSUER, DEFAULT_NAMES, null);
    expect(bare.name).toBe('u-1');
  });

  it('accepts a string and drops non-strings', () => {
    const claims = mapClaims(
      { sub: 'u-1', tenant: 'acme', groups: 'eng', roles: ['admin', 7, null, ''] },
      ISSUER,
      DEFAULT_NAMES,
      null,
    );
    expect(claims.groups).toEqual(['eng']);
    expect(claims.roles).toEqual(['admin']);
  });

  it('leaves partner and lists empty when absent', () => {
    const claims = mapClaims({ sub: 'u-1', tenant: 'acme' }, ISSUER, DEFAULT_NAMES, null);
    expect(claims.partner).toBeNull();
    expect(claims.groups).toEqual([]);
    expect(claims.roles).toEqual([]);
  });

  it('uses the default tenant when the claim is absent', () => {
    const claims = mapClaims({ sub: 'u-1' }, ISSUER, DEFAULT_NAMES, 'main');
    expect(claims.tenant).toBe('main');
  });

  it('rejects a token without tenant and no default', () => {
    const map = () => mapClaims({ sub: 'u-1' }, ISSUER, { ...DEFAULT_NAMES, tenant: 'org' }, null);
    expect(map).toThrow(TokenRejectedError);
    expect(map).toThrow('the token has no org claim naming the tenant');
  });

  it('rejects a tenant claim that is not a string', () => {
    const map = () => mapClaims({ sub: 'u-1', tenant: ['acme'] }, ISSUER, DEFAULT_NAMES, null);
    expect(map).toThrow('the token claim tenant is not a tenant name');
  });

  it('rejects a token without sub', () => {
    const map = () => mapClaims({ tenant: 'acme' }, ISSUER, DEFAULT_NAMES, null);
    expect(map).toThrow('the token has no sub claim');
  });
});
