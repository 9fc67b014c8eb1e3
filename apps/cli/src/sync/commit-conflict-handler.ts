import { rename } from 'node:fs/promises';
import type { CommitConflict, NodeDto } from '../api/api-types.js';
import type { LocalEntry } from '../local/local-entry.js';
import { joinPath, parentOf } from '../plan/relative-path.js';
import { toRemoteNode } from '../remote/remote-tree.js';
import type { BaseEntry } from '../state/sync-state.js';
import { Downloader } from './downloader.js';
import { absolutePath, statLocal } from './local-paths.js';
import type { SyncContext } from './sync-context.js';

/**
 * Follows the server's response to a commit whose base version was no longer current: the server
 * stored the local content as a conflict copy beside the original. The local file is renamed to
 * the copy's name and the original's current version is downloaded to the old name, so that the
 * folder matches the server without another transfer of the local content.
 */
export class CommitConflictHandler {
  private readonly downloader: Downloader;

  constructor(private readonly context: SyncContext) {
    this.downloader = new Downloader(context);
  }

  async handle(path: string, conflict: CommitConflict, committed: NodeDto, local: LocalEntry) {
    const { api, state, stats, reporter } = this.context;
    stats.conflicts += 1;
    if (conflict.copyNodeId === null) {
      // The strategy kept the head, took this content, or left the conflict open for a person;
      // the next pull brings whatever the server now holds.
      reporter.conflict(
        `${path} changed remotely during the upload; conflict ${conflict.conflictId} ` +
          `is ${conflict.status} (${conflict.strategy}, ${conflict.resolution ?? 'unresolved'})`,
        conflict.conflictId,
      );
      state.base.delete(path);
      return;
    }
    const copy =
      committed.id === conflict.copyNodeId ? committed : await api.getNode(conflict.copyNodeId);
    const original = await api.getNode(conflict.originalNodeId);
    const copyPath = copy ? joinPath(parentOf(path), copy.name) : null;
    const placed = copy && copyPath ? await this.placeCopy(path, copyPath, copy, local) : false;
    reporter.conflict(
      placed
        ? `${path} changed remotely during the upload; the local version is now ${copyPath}`
        : `${path} changed remotely during the upload; the server kept the local version as ` +
            `${copy?.path ?? `file ${conflict.copyNodeId}`}`,
      conflict.conflictId,
    );
    if (!placed) {
      // NOTE: the local file keeps no base entry, so the next run compares it with the
      // original and may store its content a second time under a client-side conflict name.
      state.base.delete(path);
      return;
    }
    if (original?.kind !== 'file' || !original.version) return;
    state.remote.set(original.id, toRemoteNode(original));
    const entry = await this.downloader.download({
      path,
      remote: { nodeId: original.id, kind: 'file', version: original.version },
      expected: null,
      reuseFrom: copyPath,
    });
    if (entry) state.base.set(path, entry);
    else state.base.delete(path);
  }

  /** Renames the uploaded local file to the copy's name when the copy sits in the same folder. */
  private async placeCopy(
    path: string,
    copyPath: string,
    copy: NodeDto,
    local: LocalEntry,
  ): Promise<boolean> {
    const { state, localRoot } = this.context;
    const parentId = this.parentIdOf(path);
    if (!copy.version || copy.parentId !== parentId) return false;
    if ((await statLocal(absolutePath(localRoot, copyPath))) !== null) return false;
    await rename(absolutePath(localRoot, path), absolutePath(localRoot, copyPath));
    const entry: BaseEntry = {
      nodeId: copy.id,
      kind: 'file',
      versionId: copy.version.id,
      sha256: copy.version.sha256,
      size: copy.version.size,
      mtimeMs: local.mtimeMs,
    };
    state.base.set(copyPath, entry);
    state.remote.set(copy.id, toRemoteNode(copy));
    return true;
  }

  private parentIdOf(path: string): string | null {
    const parent = parentOf(path);
    if (parent === '') return this.context.state.remoteRootId;
    return this.context.state.base.get(parent)?.nodeId ?? null;
  }
}
