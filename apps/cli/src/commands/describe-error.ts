import { ApiError } from '../api/api-error.js';

/** Turns an error that ended a command into a message for stderr, with a hint where one helps. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : String(error);
  }
  if (error.status === 0) {
    return `${error.message}. Check --server and that the server is running.`;
  }
  if (error.status === 401) {
    return (
      `${error.message}. The token is missing, invalid or expired: get one with ` +
      '"scaidrive token --user NAME" and pass it with --token or SCAIDRIVE_TOKEN.'
    );
  }
  if (error.status === 403) {
    return `${error.message}. The token's user may not access this drive or folder.`;
  }
  return error.message;
}
