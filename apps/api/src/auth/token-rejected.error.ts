/**
 * A bearer token failed verification. The message is the reason in plain words, which goes to the
 * log and the 401 response. Fields contain unverified header and claim values for the log, never
 * the token itself.
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';

  constructor(
    reason: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(reason);
  }
}
