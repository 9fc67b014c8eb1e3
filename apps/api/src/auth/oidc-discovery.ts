import { isTrustedProviderUrl } from '@scaidrive/config';

/** Time limit of each request to the OIDC provider, for discovery and for the JWKS. */
export const PROVIDER_TIMEOUT_MS = 5_000;

/** Returns the discovery document's URL: the issuer with `/.well-known/openid-configuration`. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/**
 * Fetches the issuer's OpenID Connect discovery document and returns its `jwks_uri`. The document's
 * `issuer` must equal the configured issuer exactly (OpenID Connect Discovery 1.0, section 4.3), so
 * a provider cannot pass off keys of another issuer. Throws an Error that names what failed.
 */
export async function discoverJwksUri(issuer: string): Promise<URL> {
  const url = discoveryUrl(issuer);
  const response = await fetch(url, {
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    headers: { accept: 'application/json' },
    redirect: 'error',
  });
  if (response.status !== 200) {
    throw new Error(`OIDC discovery at ${url} returned HTTP ${response.status}`);
  }
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    document = (await response.json()) as typeof document;
  } catch {
    throw new Error(`OIDC discovery at ${url} did not return JSON`);
  }
  if (document.issuer !== issuer) {
    const named = JSON.stringify(document.issuer);
    throw new Error(`OIDC discovery at ${url} names issuer ${named}, expected ${issuer}`);
  }
  if (typeof document.jwks_uri !== 'string') {
    throw new Error(`OIDC discovery at ${url} has no jwks_uri`);
  }
  let jwksUri: URL;
  try {
    jwksUri = new URL(document.jwks_uri);
  } catch {
    throw new Error(`OIDC discovery at ${url} has a jwks_uri that is not a URL`);
  }
  if (!isTrustedProviderUrl(jwksUri)) {
    throw new Error(`OIDC discovery at ${url} has a jwks_uri that is not https: ${jwksUri.href}`);
  }
  return jwksUri;
}
