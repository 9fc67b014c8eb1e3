/**
 * A bearer token failed verification. The message is the reason in plain words; it goes to the
 * log and the 401 answer. Fields hold unverified header and claim values that help an operator,
 * never the token itself.
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
