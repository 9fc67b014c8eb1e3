import { ApiError } from '../api/api-error.js';
import type { CommitResult } from '../api/api-types.js';
import type { LocalEntry } from '../local/local-entry.js';
import type { PlannedRename } from '../plan/plan-case-renames.js';
import type { PlannedUpload, PushPlan } from '../plan/plan-push.js';
import { nameOf, parentOf, rebaseKeys } from '../plan/relative-path.js';
import { toRemoteNode } from '../remote/remote-tree.js';
import { CommitConflictHandler } from './commit-conflict-handler.js';
import { absolutePath, remotePathOf, sameLocal, statLocal } from './local-paths.js';
import { MoveSources } from './move-sources.js';
import { RemoteDeleter } from './remote-deleter.js';
import { runConcurrently } from './run-concurrently.js';
import type { SyncContext } from './sync-context.js';
import { TransferGuard } from './transfer-guard.js';
import { type PreparedUpload, Uploader } from './uploader.js';

/**
 * Carries out a push plan in this order: renames and moves, then deletes of items replaced by one
 * of the other kind, then new folders (parents first). Each new folder is followed by the moves
 * that waited for it. Uploads come next (a few at once), then the other deletes, so content that
 * moved locally is on the server before its old copy is deleted.
 */
export class PushExecutor {
  private readonly uploader: Uploader;
  private readonly deleter: RemoteDeleter;
  private readonly conflicts: CommitConflictHandler;
  private readonly guard: TransferGuard;

  constructor(private readonly context: SyncContext) {
    this.uploader = new Uploader(context);
    this.deleter = new RemoteDeleter(context);
    this.conflicts = new CommitConflictHandler(context);
    this.guard = new TransferGuard(context);
  }

  async execute(plan: PushPlan): Promise<void> {
    const bytes = plan.uploads.reduce((sum, upload) => sum + upload.local.size, 0);
    this.context.reporter.progress.addWork(bytes, plan.uploads.length);
    const renames = [...plan.renames];
    await this.applyReadyRenames(renames);
    for (const planned of plan.deletes.filter((item) => item.replaced)) {
      await this.guard.run(planned.path, () => this.deleter.delete(planned));
    }
    for (const path of plan.createFolders) {
      await this.guard.run(path, () => this.createFolder(path));
      // A move into a new folder waits for that folder.
      if (renames.length > 0) await this.applyReadyRenames(renames);
    }
    this.context.stats.deferred += renames.length;
    const sources = new MoveSources(this.context.state.base, plan.deletes);
    await runConcurrently(plan.uploads, this.context.concurrency, async (upload) => {
      await this.guard.run(upload.path, () => this.upload(upload, sources));
      this.context.reporter.progress.finishFile();
      this.context.saver.checkpoint();
    });
    for (const planned of plan.deletes.filter((item) => !item.replaced)) {
      await this.guard.run(planned.path, () => this.deleter.delete(planned));
    }
  }

  /**
   * Applies, in order, each planned rename whose source is recorded at its path and whose target
   * folder exists remotely, and removes it from `pending`. The others keep waiting.
   */
  private async applyReadyRenames(pending: PlannedRename[]): Promise<void> {
    for (const rename of [...pending]) {
      const parentId = this.folderIdOf(parentOf(rename.to));
      const source = this.context.state.base.get(rename.from);
      if (parentId === null || source?.nodeId !== rename.base.nodeId) continue;
      pending.splice(pending.indexOf(rename), 1);
      await this.guard.run(rename.to, () => this.renameRemote(rename, parentId));
    }
  }

  private async renameRemote(rename: PlannedRename, parentId: string): Promise<void> {
    const node = await this.context.api.moveNode(rename.base.nodeId, parentId, nameOf(rename.to));
    rebaseKeys(this.context.state.base, rename.from, rename.to);
    this.context.state.remote.set(node.id, toRemoteNode(node));
    this.context.stats.filesMoved += 1;
  }

  private async createFolder(path: string): Promise<void> {
    const parentId = this.folderIdOf(parentOf(path));
    if (parentId === null) {
      this.context.stats.deferred += 1;
      return;
    }
    const { api, state, stats } = this.context;
    let node;
    try {
      node = await api.createFolder(parentId, nameOf(path));
      stats.foldersCreated += 1;
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NAME_CONFLICT') throw error;
      const existing = await api.getNodeByPath(
        remotePathOf(this.context.remoteRootPath, path),
        state.treeId,
      );
      if (existing?.kind !== 'folder' || this.isRecorded(existing.id)) throw error;
      node = existing;
    }
    state.base.set(path, { nodeId: node.id, kind: 'folder' });
    state.remote.set(node.id, toRemoteNode(node));
  }

  private async upload(upload: PlannedUpload, sources: MoveSources): Promise<void> {
    const parentId = this.folderIdOf(parentOf(upload.path));
    if (parentId === null) {
      // Its folder's creation or move failed or waits; the next pass tries again.
      this.context.stats.deferred += 1;
      return;
    }
    const prepared = await this.uploader.prepare(upload);
    if (prepared.type === 'busy') {
      this.context.stats.deferred += 1;
      this.context.reporter.warn(`skipped ${upload.path}: it changed during the sync`);
      return;
    }
    const { content, local } = prepared;
    if (upload.base && upload.base.sha256 === content.sha256) {
      this.context.state.base.set(upload.path, { ...upload.base, mtimeMs: local.mtimeMs });
      return;
    }
    if (!upload.base && (await this.moveRemote(upload.path, parentId, prepared, sources))) return;
    const outcome = await this.uploader.send(prepared, parentId);
    if (outcome.type === 'nameTaken') {
      await this.adoptOrDefer(upload.path, content.sha256, local.mtimeMs);
    } else if (outcome.result.conflict) {
      const { node, conflict } = outcome.result;
      await this.conflicts.handle(upload.path, conflict, node, local);
    } else {
      this.recordCommit(upload.path, outcome.result, local.mtimeMs);
      await this.checkUnchangedSinceHashing(upload.path, local);
    }
  }

  /**
   * Counts a file written to during its upload as deferred, so that a watching sync runs again
   * soon. Its base keeps the mtime that was hashed, so the next pass sends the newer content.
   */
  private async checkUnchangedSinceHashing(path: string, hashed: LocalEntry): Promise<void> {
    const current = await statLocal(absolutePath(this.context.localRoot, path));
    if (!sameLocal(current, hashed)) this.context.stats.deferred += 1;
  }

  private recordCommit(path: string, result: CommitResult, mtimeMs: number): void {
    const { node, version } = result;
    this.context.stats.filesUploaded += 1;
    this.context.state.remote.set(node.id, toRemoteNode(node));
    this.context.state.base.set(path, {
      nodeId: node.id,
      kind: 'file',
      versionId: version.id,
      sha256: version.sha256,
      size: version.size,
      mtimeMs,
    });
  }

  /** Moves the remote node of a file that is gone locally and has this content; false if none. */
  private async moveRemote(
    path: string,
    parentId: string,
    prepared: Extract<PreparedUpload, { type: 'hashed' }>,
    sources: MoveSources,
  ): Promise<boolean> {
    const source = sources.take(prepared.content.sha256, prepared.content.size);
    if (!source) return false;
    let node;
    try {
      node = await this.context.api.moveNode(source.entry.nodeId, parentId, nameOf(path));
    } catch (error) {
      if (error instanceof ApiError && !error.fatal) return false;
      throw error;
    }
    const { base, remote } = this.context.state;
    base.delete(source.path);
    base.set(path, { ...source.entry, mtimeMs: prepared.local.mtimeMs });
    remote.set(node.id, toRemoteNode(node));
    this.context.stats.filesMoved += 1;
    return true;
  }

  /**
   * Handles a new file whose name a remote file took since the pull: equal content is recorded,
   * otherwise the next pull finds both and keeps the local file as a conflict copy.
   */
  private async adoptOrDefer(path: string, sha256: string, mtimeMs: number): Promise<void> {
    const { api, state, stats, reporter } = this.context;
    const node = await api.getNodeByPath(
      remotePathOf(this.context.remoteRootPath, path),
      state.treeId,
    );
    if (node?.kind === 'file' && node.version?.sha256 === sha256) {
      state.remote.set(node.id, toRemoteNode(node));
      const { id: versionId, size } = node.version;
      state.base.set(path, { nodeId: node.id, kind: 'file', versionId, sha256, size, mtimeMs });
      return;
    }
    stats.conflicts += 1;
    reporter.conflict(`${path} was also created remotely; the next sync keeps both versions`);
  }

  /** Returns whether a base entry refers to the node, such as one whose local move waits. */
  private isRecorded(nodeId: string): boolean {
    for (const entry of this.context.state.base.values()) if (entry.nodeId === nodeId) return true;
    return false;
  }

  /** Returns the remote id of a local folder, or null when it has none (its creation failed). */
  private folderIdOf(path: string): string | null {
    if (path === '') return this.context.state.remoteRootId;
    const entry = this.context.state.base.get(path);
    return entry?.kind === 'folder' ? entry.nodeId : null;
  }
}
