import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPair, SignJWT } from 'jose';
import { signDevToken } from '@scaidrive/auth';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import type { Principal } from '../src/auth/principal.js';
import { IdentityService } from '../src/identity/identity.service.js';
import { nameBasedId } from '../src/identity/deterministic-id.js';
import { OidcTestProvider } from '../../../test/support/oidc-test-provider.js';

const COOLDOWN_MS = 1_500;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('OIDC bearer tokens', () => {
  let provider: OidcTestProvider;
  let server: TestServer;
  let warn: jest.SpiedFunction<Logger['warn']>;

  beforeAll(async () => {
    provider = await OidcTestProvider.start();
    server = await startTestServer({
      OIDC_ISSUER: provider.issuer,
      OIDC_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
      OIDC_TENANT_CLAIM: 'org',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      DEV_ISSUER_ENABLED: 'false',
    });
    warn = jest.spyOn(Logger.prototype, 'warn');
  });

  afterAll(async () => {
    warn?.mockRestore();
    await server?.stop();
    await provider?.stop();
  });

  function client(token: string): HttpClient {
    return new HttpClient(server.url, token);
  }

  /** Sends a token and checks that the 401 response and exactly one warning state the reason. */
  async function expectRejected(token: string, reason: string): Promise<void> {
    warn.mockClear();
    const answer = await client(token).get('/me');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.detail).toBe(reason);
    expect(answer.body.code).toBe('TOKEN_REJECTED');
    const rejections = warn.mock.calls.filter(
      ([entry]) => (entry as { msg?: string }).msg === 'token rejected',
    );
    expect(rejections).toHaveLength(1);
    expect(rejections[0][0]).toMatchObject({ msg: 'token rejected', reason });
    expect(JSON.stringify(rejections)).not.toContain(token);
  }

  it('provisions the user from mapped claims', async () => {
    const identity = server.app.get(IdentityService);
    const resolve = jest.spyOn(identity, 'resolve');
    const token = await provider.sign({
      sub: 'u-alice',
      org: 'acme',
      name: 'Alice Example',
      groups: ['engineering', 'finance'],
      realm_access: { roles: ['tenant-admin'] },
      partner: 'reseller-1',
    });
    const alice = client(token);

    const me = await alice.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('Alice Example');
    expect(me.body.tenantId).toBe(nameBasedId('tenant:acme'));
    expect(me.body.rootFolderId).toEqual(expect.any(String));

    const principal = (await resolve.mock.results[0].value) as Principal;
    resolve.mockRestore();
    expect(principal.issuer).toBe(provider.issuer);
    expect(principal.subject).toBe('u-alice');
    expect(principal.groups).toEqual(['engineering', 'finance']);
    expect(principal.roles).toEqual(['tenant-admin']);
    expect(principal.partner).toBe('reseller-1');

    const settings = await alice.get('/tenant/settings');
    expect(settings.body.name).toBe('acme');
    const changed = await alice.patch('/tenant/settings', { caseSensitiveNames: false });
    expect(changed.status).toBe(200);
  });

  it('names users by preferred_username, then sub', async () => {
    const bob = await client(
      await provider.sign({ sub: 'u-bob', org: 'acme', preferred_username: 'bob' }),
    ).get('/me');
    expect(bob.body.name).toBe('bob');
    const carol = await client(await provider.sign({ sub: 'u-carol', org: 'acme' })).get('/me');
    expect(carol.body.name).toBe('u-carol');
  });

  it('accepts exp and nbf within leeway', async () => {
    const now = nowSeconds();
    const late = await provider.sign({ sub: 'u-alice', org: 'acme', exp: now - 10 });
    expect((await client(late).get('/me')).status).toBe(200);
    const early = await provider.sign({ sub: 'u-alice', org: 'acme', nbf: now + 10 });
    expect((await client(early).get('/me')).status).toBe(200);
  });

  it('accepts a new kid after key rotation', async () => {
    const old = await provider.sign({ sub: 'u-alice', org: 'acme' });
    expect((await client(old).get('/me')).status).toBe(200);
    await sleep(COOLDOWN_MS + 200);

    const fetchesBefore = provider.jwksRequests;
    const newKid = await provider.rotateKey();
    const fresh = await provider.sign({ sub: 'u-alice', org: 'acme' });
    expect((await client(fresh).get('/me')).status).toBe(200);
    expect(provider.jwksRequests).toBe(fetchesBefore + 1);

    const another = await provider.sign({ sub: 'u-dave', org: 'acme' }, { kid: newKid });
    expect((await client(another).get('/me')).status).toBe(200);
    expect(provider.jwksRequests).toBe(fetchesBefore + 1);
  });

  it('rejects a token of another issuer', async () => {
    const token = await provider.sign({ sub: 'u-1', org: 'acme', iss: 'https://evil.example' });
    await expectRejected(token, 'the token issuer is not trusted');
    expect(warn.mock.calls.at(-1)?.[0]).toMatchObject({ issuer: 'https://evil.example' });
  });

  it('rejects a token for another audience', async () => {
    const token = await provider.sign({ sub: 'u-1', org: 'acme', aud: 'other-app' });
    await expectRejected(token, 'the token audience does not include this server');
  });

  it('rejects alg none', async () => {
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({
      iss: provider.issuer,
      aud: 'scaidrive',
      sub: 'u-1',
      org: 'acme',
      exp: nowSeconds() + 300,
    });
    await expectRejected(`${header}.${payload}.`, 'the token algorithm is not allowed');
  });

  it('rejects HS256 signed with the public key', async () => {
    const secret = new TextEncoder().encode(await provider.publicKeyPem());
    const token = await new SignJWT({ sub: 'u-1', org: 'acme' })
      .setProtectedHeader({ alg: 'HS256', kid: provider.kid, typ: 'JWT' })
      .setIssuer(provider.issuer)
      .setAudience('scaidrive')
      .setExpirationTime('5m')
      .sign(secret);
    await expectRejected(token, 'the token algorithm is not allowed');
  });

  it('rejects a bad signature', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await provider.sign({ sub: 'u-1', org: 'acme' }, { privateKey });
    await expectRejected(token, 'the token signature is invalid');
    expect(warn.mock.calls.at(-1)?.[0]).toMatchObject({ kid: provider.kid, alg: 'RS256' });
  });

  it('rejects an expired token', async () => {
    const token = await provider.sign({ sub: 'u-1', org: 'acme', exp: nowSeconds() - 120 });
    await expectRejected(token, 'the token has expired');
  });

  it('rejects a token without exp', async () => {
    const token = await provider.sign({ sub: 'u-1', org: 'acme', exp: undefined });
    await expectRejected(token, 'the token has no exp claim');
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await provider.sign({ sub: 'u-1', org: 'acme', nbf: nowSeconds() + 120 });
    await expectRejected(token, 'the token is not valid yet (nbf is in the future)');
  });

  it('rejects an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await provider.sign({ sub: 'u-1', org: 'acme' }, { kid: 'unknown', privateKey });
    await expectRejected(token, 'no signing key of the issuer matches the token kid');
    expect(warn.mock.calls.at(-1)?.[0]).toMatchObject({ kid: 'unknown' });
  });

  it('rejects a token without the tenant claim', async () => {
    const token = await provider.sign({ sub: 'u-1', tenant: 'acme' });
    await expectRejected(token, 'the token has no org claim naming the tenant');
  });

  it('rejects dev tokens when disabled', async () => {
    const token = await signDevToken({ dataDir: server.dataDir, user: 'mallory' });
    await expectRejected(token, 'the development issuer is disabled on this server');
  });

  it('rejects a malformed token', async () => {
    await expectRejected('not-a-jwt', 'the token is not a JWT');
  });

  it('limits JWKS refetches per cooldown', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    // Signed in advance, so the requests below fit well within one cooldown.
    const tokens = await Promise.all(
      Array.from({ length: 41 }, (_, index) =>
        provider.sign({ sub: 'u-1', org: 'acme' }, { kid: `unknown-${index}`, privateKey }),
      ),
    );
    await sleep(COOLDOWN_MS + 200);

    const fetchesBefore = provider.jwksRequests;
    const started = Date.now();
    const burst = await Promise.all(tokens.slice(0, 20).map((token) => client(token).get('/me')));
    expect(burst.map((response) => response.status)).toEqual(Array(20).fill(401));
    for (const token of tokens.slice(20, 40)) {
      expect((await client(token).get('/me')).status).toBe(401);
    }
    expect(Date.now() - started).toBeLessThan(COOLDOWN_MS);
    expect(provider.jwksRequests).toBe(fetchesBefore + 1);

    await sleep(COOLDOWN_MS + 200);
    expect((await client(tokens[40]).get('/me')).status).toBe(401);
    expect(provider.jwksRequests).toBe(fetchesBefore + 2);
  });
});

describe('OIDC discovery', () => {
  let provider: OidcTestProvider;
  let server: TestServer | undefined;

  beforeEach(async () => {
    provider = await OidcTestProvider.start();
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await provider.stop();
  });

  async function waitForStatus(http: HttpClient, status: number): Promise<number> {
    const deadline = Date.now() + 15_000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await http.get('/me')).status;
      if (last === status) return last;
      await sleep(200);
    }
    return last;
  }

  it('returns 503 until provider is reachable', async () => {
    provider.discoveryStatus = 503;
    server = await startTestServer({ OIDC_ISSUER: provider.issuer, DEV_ISSUER_ENABLED: 'false' });
    const alice = new HttpClient(server.url, await provider.sign({ sub: 'u-1', tenant: 'acme' }));

    const early = await alice.get('/me');
    expect(early.status).toBe(503);
    expect(early.body.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(early.body.detail).toContain('are not available yet');
    expect(provider.jwksRequests).toBe(0);

    provider.discoveryStatus = 200;
    expect(await waitForStatus(alice, 200)).toBe(200);
    expect(provider.discoveryRequests).toBeGreaterThanOrEqual(2);
    expect(provider.jwksRequests).toBe(1);
  });

  it('retries while discovery names another issuer', async () => {
    provider.discoveryIssuer = 'https://impostor.example';
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      server = await startTestServer({
        OIDC_ISSUER: provider.issuer,
        DEV_ISSUER_ENABLED: 'false',
      });
      const alice = new HttpClient(server.url, await provider.sign({ sub: 'u-1', tenant: 'a' }));
      expect((await alice.get('/me')).status).toBe(503);
      const failure = warn.mock.calls.find(
        ([entry]) => (entry as { msg?: string }).msg === 'OIDC discovery failed; retrying',
      );
      expect(failure?.[0]).toMatchObject({
        issuer: provider.issuer,
        attempt: 1,
        err: expect.stringContaining('names issuer "https://impostor.example"'),
      });
      expect(provider.jwksRequests).toBe(0);

      provider.discoveryIssuer = null;
      expect(await waitForStatus(alice, 200)).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });

  it('accepts dev tokens while provider is down', async () => {
    provider.discoveryStatus = 500;
    server = await startTestServer({ OIDC_ISSUER: provider.issuer });
    const dev = new HttpClient(server.url, await server.token('alice', 'acme'));
    expect((await dev.get('/me')).status).toBe(200);
  });
});
