import { errors as joseErrors } from 'jose';

/** Returns the reason a token failed jose's verification, in plain words for the 401 response. */
export function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the token has no ${error.claim} claim`;
    if (error.reason !== 'check_failed') return `the token claim ${error.claim} is invalid`;
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf is in the future)';
    if (error.claim === 'iss') return 'the token issuer does not match';
    if (error.claim === 'aud') return 'the token audience does not include this server';
    return `the token claim ${error.claim} does not have the expected value`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'the token signature is invalid';
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return 'no signing key of the issuer matches the token kid';
  }
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return 'several signing keys of the issuer match the token, which names no kid';
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return 'the token is not a valid JWT';
  }
  if (error instanceof joseErrors.JOSEError) return `the token is invalid (${error.code})`;
  return 'the token could not be verified';
}
