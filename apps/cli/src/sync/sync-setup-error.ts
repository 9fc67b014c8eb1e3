/**
 * The sync cannot start or go on until a person acts: the local folder is not a folder, belongs
 * to another server or user, is locked by another sync, or the remote folder is gone. Retrying
 * does not help, so `sync --watch` exits on it.
 */
export class SyncSetupError extends Error {
  override readonly name = 'SyncSetupError';
}
