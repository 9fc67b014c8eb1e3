import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverJwksUri, discoveryUrl } from './oidc-discovery.js';

interface DiscoveryResponse {
  status: number;
  body: string;
}

describe('discoverJwksUri', () => {
  let server: Server;
  let issuer: string;
  let next: DiscoveryResponse;
  let requestedPath = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      requestedPath = request.url ?? '';
      response.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/acme`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function serve(document: unknown, status = 200): void {
    next = { status, body: JSON.stringify(document) };
  }

  it('returns the jwks_uri of a matching document', async () => {
    serve({ issuer, jwks_uri: `${issuer}/certs` });
    const jwksUri = await discoverJwksUri(issuer);
    expect(jwksUri.href).toBe(`${issuer}/certs`);
    expect(requestedPath).toBe('/realms/acme/.well-known/openid-configuration');
  });

  it('drops one trailing slash for the URL', () => {
    expect(discoveryUrl('https://login.example.com/')).toBe(
      'https://login.example.com/.well-known/openid-configuration',
    );
  });

  it('rejects a document of another issuer', async () => {
    serve({ issuer: 'https://impostor.example', jwks_uri: `${issuer}/certs` });
    await expect(discoverJwksUri(issuer)).rejects.toThrow(
      `names issuer "https://impostor.example", expected ${issuer}`,
    );
  });

  it('rejects an issuer that differs by a slash', async () => {
    serve({ issuer: `${issuer}/`, jwks_uri: `${issuer}/certs` });
    await expect(discoverJwksUri(issuer)).rejects.toThrow('names issuer');
  });

  it('rejects an error status', async () => {
    serve({}, 503);
    await expect(discoverJwksUri(issuer)).rejects.toThrow('returned HTTP 503');
  });

  it('rejects a body that is not JSON', async () => {
    next = { status: 200, body: '<html>' };
    await expect(discoverJwksUri(issuer)).rejects.toThrow('did not return JSON');
  });

  it('rejects a document without jwks_uri', async () => {
    serve({ issuer });
    await expect(discoverJwksUri(issuer)).rejects.toThrow('has no jwks_uri');
  });

  it('rejects a jwks_uri that is not a URL', async () => {
    serve({ issuer, jwks_uri: 'certs' });
    await expect(discoverJwksUri(issuer)).rejects.toThrow('jwks_uri that is not a URL');
  });

  it('rejects a plain HTTP jwks_uri off loopback', async () => {
    serve({ issuer, jwks_uri: 'http://keys.example.com/certs' });
    await expect(discoverJwksUri(issuer)).rejects.toThrow('jwks_uri that is not https');
  });
});
