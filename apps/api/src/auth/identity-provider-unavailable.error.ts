/** The OIDC provider's discovery document or signing keys could not be fetched. */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}
