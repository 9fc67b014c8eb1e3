/** Stable codes of domain errors; the HTTP edge maps each to a status. */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'ALREADY_EXISTS'
  | 'NAME_CONFLICT'
  | 'INVALID_NAME'
  | 'INVALID_ARGUMENT'
  | 'MOVE_CYCLE'
  | 'NOT_A_FOLDER'
  | 'NOT_A_FILE'
  | 'ROOT_IMMUTABLE'
  | 'CHUNK_MISSING'
  | 'CHECKSUM_MISMATCH'
  | 'CONCURRENCY_CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TOO_LARGE'
  | 'QUOTA_EXCEEDED'
  | 'BUDGET_EXCEEDED'
  | 'LINK_REVOKED'
  | 'LINK_EXPIRED'
  | 'LINK_UNAVAILABLE'
  | 'ADDRESS_NOT_ALLOWED'
  | 'PASSWORD_REQUIRED'
  | 'EMAIL_VERIFICATION_REQUIRED'
  | 'WRONG_PASSWORD'
  | 'WRONG_CODE'
  | 'THROTTLED'
  | 'NOT_PERMITTED_BY_LINK'
  | 'DOWNLOAD_LIMIT_REACHED';

/**
 * An expected failure of a command or query, with a code and the values that explain it. Handlers
 * throw these instead of HTTP exceptions because they also run in workers and replays.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
