/**
 * Bearer credentials in an Authorization header. RFC 7235 makes the scheme name
 * case-insensitive, and RFC 6750 defines the token as a token68.
 */
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/** Returns the bearer token of an Authorization header, or null when it carries none. */
export function bearerTokenOf(authorization: string | undefined): string | null {
  return BEARER_CREDENTIALS.exec(authorization ?? '')?.[1] ?? null;
}

/**
 * Returns the WWW-Authenticate value of a 401 response (RFC 6750 section 3). A request that sent
 * a bearer token had it rejected, so the challenge adds error="invalid_token".
 */
export function bearerChallenge(authorization: string | undefined): string {
  const realm = 'Bearer realm="scaidrive"';
  return bearerTokenOf(authorization) === null ? realm : `${realm}, error="invalid_token"`;
}
