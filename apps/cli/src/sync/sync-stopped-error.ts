/** The sync was asked to stop (Ctrl-C); the pass ends after saving what it finished. */
export class SyncStoppedError extends Error {
  override readonly name = 'SyncStoppedError';

  constructor() {
    super('the sync was stopped');
  }
}
