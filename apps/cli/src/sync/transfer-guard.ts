import { ApiError } from '../api/api-error.js';
import { FileChangedError } from './file-changed-error.js';
import { SyncStoppedError } from './sync-stopped-error.js';
import type { SyncContext } from './sync-context.js';
import { TransferError } from './transfer-error.js';

/**
 * Runs the work for one path so that its failure skips only that path: the run goes on, a
 * warning names the path, and the next run tries again. Failures that concern the whole run
 * (network, credentials, server errors) and programming errors are thrown on.
 */
export class TransferGuard {
  constructor(private readonly context: SyncContext) {}

  /** Runs `work`; throws SyncStoppedError instead when the sync was asked to stop. */
  async run(path: string, work: () => Promise<void>): Promise<void> {
    if (this.context.stopSignal?.aborted) throw new SyncStoppedError();
    try {
      await work();
    } catch (error) {
      if (error instanceof FileChangedError) {
        this.context.stats.deferred += 1;
        this.context.reporter.warn(`skipped ${path}: it changed during the sync`);
        return;
      }
      if (!isPathFailure(error)) throw error;
      this.context.stats.errors += 1;
      this.context.reporter.warn(`failed to sync ${path}: ${(error as Error).message}`);
    }
  }
}

function isPathFailure(error: unknown): boolean {
  if (error instanceof ApiError) return !error.fatal;
  if (error instanceof TransferError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
