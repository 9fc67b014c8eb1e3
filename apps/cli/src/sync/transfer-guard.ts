import { ApiError } from '../api/api-error.js';
import { FileChangedError } from './file-changed-error.js';
import { SyncStoppedError } from './sync-stopped-error.js';
import type { SyncContext } from './sync-context.js';
import { TransferError } from './transfer-error.js';

/**
 * Runs the work for one path so that its failure skips only that path: the run goes on, a
 * warning names the path, and the next run tries again. A path that changed locally during the
 * pass counts as deferred, a change the server does not allow (403) as rejected, other failures
 * as errors. Failures that concern the whole run
 * (network, credentials, server errors) and programming errors are thrown on.
 */
export class TransferGuard {
  constructor(private readonly context: SyncContext) {}

  private hiddenName(error: ApiError): boolean {
    return takenByHiddenItem(error, this.context.state.treeId !== null);
  }

  /** Runs `work`; throws SyncStoppedError instead when the sync was asked to stop. */
  async run(path: string, work: () => Promise<void>): Promise<void> {
    if (this.context.stopSignal?.aborted) throw new SyncStoppedError();
    try {
      await work();
    } catch (error) {
      if (error instanceof FileChangedError || isLocalRace(error)) {
        this.context.stats.deferred += 1;
        this.context.reporter.warn(`skipped ${path}: it changed during the sync`);
        return;
      }
      if (error instanceof ApiError && (error.status === 403 || this.hiddenName(error))) {
        this.context.rejected.record(path);
        this.context.stats.rejected += 1;
        this.context.reporter.warn(
          `not allowed to sync ${path} (${error.detail ?? error.message}); it stays as it is locally`,
        );
        return;
      }
      if (!isPathFailure(error)) throw error;
      this.context.stats.errors += 1;
      this.context.reporter.warn(`failed to sync ${path}: ${(error as Error).message}`);
    }
  }
}

/**
 * In a share, a name that is taken when the client pushes an item usually belongs to an item that
 * entries hide from the user. Retrying cannot succeed then, so it counts as rejected like a 403.
 * NOTE: a name another member created a moment earlier gives the same conflict. A later pass
 * that lists their item merges the two as usual.
 */
function takenByHiddenItem(error: ApiError, inShare: boolean): boolean {
  return inShare && error.status === 409 && error.code === 'NAME_CONFLICT';
}

/** Codes of file-system calls that failed because the local item moved or appeared meanwhile. */
const RACE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY']);

/** Returns whether a local file-system call failed because the folder changed during the pass. */
function isLocalRace(error: unknown): boolean {
  const failure = error as NodeJS.ErrnoException | null;
  return typeof failure?.syscall === 'string' && RACE_CODES.has(failure.code ?? '');
}

function isPathFailure(error: unknown): boolean {
  if (error instanceof ApiError) return !error.fatal;
  if (error instanceof TransferError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
