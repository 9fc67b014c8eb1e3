import { ApiError } from '../api/api-error.js';
import { SyncSetupError } from '../sync/sync-setup-error.js';

/** Description of a failure, for the notice that `sync --watch` prints while it retries. */
export interface FailureDescription {
  /** Whether the server could not be reached or was unavailable, rather than failing a request. */
  readonly offline: boolean;
  /** Short cause, such as `ECONNREFUSED` or `503 Service Unavailable`; equal causes are one state. */
  readonly reason: string;
}

/**
 * Returns whether `sync --watch` retries after this failure. Only failures that a person must
 * fix end it: a rejected token (401, 403) and SyncSetupError. Network errors, server errors and
 * anything else are retried with backoff, since a server restart or a lost network shows as
 * any of them.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof SyncSetupError) return false;
  if (error instanceof ApiError) return error.status !== 401 && error.status !== 403;
  return true;
}

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof ApiError) {
    if (error.status === 0)
      return { offline: true, reason: error.code ?? error.detail ?? 'network' };
    if (error.status === 502 || error.status === 503 || error.status === 504) {
      return { offline: true, reason: `server answered ${error.status}` };
    }
    return { offline: false, reason: error.message };
  }
  return { offline: false, reason: error instanceof Error ? error.message : String(error) };
}
