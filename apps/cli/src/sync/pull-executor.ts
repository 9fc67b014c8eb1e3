import { chunkFile, collectChunks } from '@scaidrive/chunking';
import { mkdir, rename, rmdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PullAction } from '../plan/pull-action.js';
import { rebaseKeys } from '../plan/relative-path.js';
import type { RemoteListing } from '../remote/remote-tree.js';
import { chooseConflictPath } from './conflict-path.js';
import { Downloader } from './downloader.js';
import { absolutePath, sameLocal, statLocal } from './local-paths.js';
import { runConcurrently } from './run-concurrently.js';
import type { SyncContext } from './sync-context.js';
import { TransferGuard } from './transfer-guard.js';

type Step<T extends PullAction['type']> = Extract<PullAction, { type: T }>;

/** Carries out a pull plan on the local folder and records each finished step in the base. */
export class PullExecutor {
  private readonly downloader: Downloader;
  private readonly guard: TransferGuard;

  constructor(
    private readonly context: SyncContext,
    private readonly listing: RemoteListing,
  ) {
    this.downloader = new Downloader(context);
    this.guard = new TransferGuard(context);
  }

  async execute(plan: readonly PullAction[]): Promise<void> {
    const transfers: (Step<'download'> | Step<'resolve'>)[] = [];
    for (const step of plan) {
      if (step.type === 'download' || step.type === 'resolve') transfers.push(step);
    }
    const bytes = transfers.reduce((sum, step) => sum + (step.remote.version?.size ?? 0), 0);
    this.context.reporter.progress.addWork(bytes, transfers.length);

    for (const step of plan.filter((s) => STAGE[s.type] === 'before')) {
      await this.guard.run(pathOf(step), () => this.apply(step));
    }
    await runConcurrently(transfers, this.context.concurrency, (step) =>
      this.guard.run(step.path, () => this.transfer(step)),
    );
    for (const step of plan.filter((s) => STAGE[s.type] === 'after')) {
      await this.guard.run(pathOf(step), () => this.apply(step));
    }
  }

  private async apply(step: PullAction): Promise<void> {
    const { base } = this.context.state;
    switch (step.type) {
      case 'move':
        return this.move(step.from, step.to);
      case 'moveAside':
        await this.moveAside(step.path);
        return;
      case 'createFolder':
        await mkdir(this.absolute(step.path), { recursive: true });
        base.set(step.path, { nodeId: step.remote.nodeId, kind: 'folder' });
        this.context.stats.foldersCreated += 1;
        return;
      case 'adoptFolder':
        base.set(step.path, { nodeId: step.remote.nodeId, kind: 'folder' });
        return;
      case 'deleteFile':
        return this.deleteFile(step);
      case 'deleteFolder':
        return this.deleteFolder(step.path);
      case 'forget':
        base.delete(step.path);
        return;
      default:
        throw new Error(`internal error: ${step.type} is not applied in sequence`);
    }
  }

  private async transfer(step: Step<'download'> | Step<'resolve'>): Promise<void> {
    let reuseFrom = step.type === 'download' ? step.reuseFrom : null;
    let expected = step.expected;
    if (step.type === 'resolve') {
      const local = await collectChunks(chunkFile(this.absolute(step.path)));
      if (local.sha256 === step.remote.version?.sha256) return this.adopt(step);
      reuseFrom = await this.moveAside(step.path);
      expected = null;
      this.context.stats.conflicts += 1;
      this.context.reporter.conflict(
        `${step.path} changed both locally and remotely; the remote version stays at ` +
          `${step.path} and the local version is now ${reuseFrom}`,
      );
    }
    const entry = await this.downloader.download({
      path: step.path,
      remote: step.remote,
      expected,
      reuseFrom,
    });
    if (entry) this.context.state.base.set(step.path, entry);
  }

  /** Records a local file whose content equals the remote version, without transferring it. */
  private async adopt(step: Step<'resolve'>): Promise<void> {
    const current = await statLocal(this.absolute(step.path));
    const version = step.remote.version!;
    this.context.reporter.progress.advance(version.size);
    this.context.reporter.progress.finishFile();
    if (!sameLocal(current, step.expected)) return;
    this.context.state.base.set(step.path, {
      nodeId: step.remote.nodeId,
      kind: 'file',
      versionId: version.id,
      sha256: version.sha256,
      size: version.size,
      mtimeMs: step.expected.mtimeMs,
    });
  }

  private async move(from: string, to: string): Promise<void> {
    const target = this.absolute(to);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.absolute(from), target);
    rebaseKeys(this.context.state.base, from, to);
    this.context.stats.filesMoved += 1;
  }

  /** Renames a local item to a conflict copy name; it has no base entry, so it is uploaded. */
  private async moveAside(path: string): Promise<string> {
    const aside = await chooseConflictPath(this.context, path, this.listing);
    await rename(this.absolute(path), this.absolute(aside));
    return aside;
  }

  private async deleteFile(step: Step<'deleteFile'>): Promise<void> {
    const absolute = this.absolute(step.path);
    if (sameLocal(await statLocal(absolute), step.expected)) {
      await unlink(absolute);
      this.context.stats.filesDeleted += 1;
    }
    this.context.state.base.delete(step.path);
  }

  /** Removes a folder that is empty once its deleted contents are gone; others stay as new. */
  private async deleteFolder(path: string): Promise<void> {
    try {
      await rmdir(this.absolute(path));
      this.context.stats.filesDeleted += 1;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
    this.context.state.base.delete(path);
  }

  private absolute(path: string): string {
    return absolutePath(this.context.localRoot, path);
  }
}

function pathOf(step: PullAction): string {
  return step.type === 'move' ? step.from : step.path;
}

const STAGE: Record<PullAction['type'], 'before' | 'transfer' | 'after'> = {
  move: 'before',
  moveAside: 'before',
  createFolder: 'before',
  adoptFolder: 'before',
  download: 'transfer',
  resolve: 'transfer',
  deleteFile: 'after',
  deleteFolder: 'after',
  forget: 'after',
};
