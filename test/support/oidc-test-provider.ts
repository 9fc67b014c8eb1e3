import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

const ALGORITHM = 'RS256';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface SignOptions {
  /** `kid` header, which is the current key's unless given. */
  readonly kid?: string;
  /** Key that signs instead of the current key, such as one the provider never published. */
  readonly privateKey?: CryptoKey;
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

/**
 * An OpenID provider on a loopback port that serves discovery and a JWKS, signs RS256 tokens,
 * rotates its key on request and counts the requests it receives.
 */
export class OidcTestProvider {
  discoveryRequests = 0;
  jwksRequests = 0;
  /** HTTP status of the discovery response. Any status but 200 comes with an empty body. */
  discoveryStatus = 200;
  /** Issuer named in the discovery document, which is the provider's own URL unless set. */
  discoveryIssuer: string | null = null;

  private constructor(
    private readonly server: Server,
    private key: SigningKey,
  ) {}

  static async start(): Promise<OidcTestProvider> {
    const server = createServer();
    const provider = new OidcTestProvider(server, await createSigningKey());
    server.on('request', (request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (path === '/.well-known/openid-configuration') {
        provider.discoveryRequests += 1;
        if (provider.discoveryStatus !== 200) {
          response.writeHead(provider.discoveryStatus).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(provider.discoveryDocument()));
      } else if (path === '/jwks') {
        provider.jwksRequests += 1;
        response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
        response.end(JSON.stringify({ keys: [provider.key.publicJwk] }));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return provider;
  }

  get issuer(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get kid(): string {
    return this.key.kid;
  }

  /** Replaces the signing key with one under a new `kid`, and the JWKS lists only the new key. */
  async rotateKey(): Promise<string> {
    this.key = await createSigningKey();
    return this.key.kid;
  }

  /** Returns the current public key as PEM, the secret of an HMAC key-confusion attack. */
  async publicKeyPem(): Promise<string> {
    return exportSPKI(this.key.publicKey);
  }

  /**
   * Signs a token with this provider's issuer, audience `scaidrive` and five minutes of validity.
   * Claims given here replace those defaults.
   */
  async sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: this.issuer, aud: 'scaidrive', iat: now, exp: now + 300, ...claims };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALGORITHM, kid: options.kid ?? this.key.kid, typ: 'JWT' })
      .sign(options.privateKey ?? this.key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private discoveryDocument() {
    return {
      issuer: this.discoveryIssuer ?? this.issuer,
      jwks_uri: `${this.issuer}/jwks`,
      id_token_signing_alg_values_supported: [ALGORITHM],
    };
  }
}
