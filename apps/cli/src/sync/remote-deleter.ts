import type { PlannedDelete } from '../plan/plan-push.js';
import { isWithin } from '../plan/relative-path.js';
import type { SyncContext } from './sync-context.js';

interface RemoteDescendant {
  readonly id: string;
  readonly versionId: string | null;
}

/**
 * Sends local deletes to the server, but only for content the client has seen: a file or folder
 * changed remotely since the last pull is kept, and the next pull brings it back.
 */
export class RemoteDeleter {
  constructor(private readonly context: SyncContext) {}

  async delete(planned: PlannedDelete): Promise<void> {
    if (this.isStillSynced(planned.base.nodeId, planned.path)) {
      this.context.state.base.delete(planned.path);
      return;
    }
    if (planned.base.kind === 'file') {
      await this.deleteFile(planned.path);
      return;
    }
    const known = this.knownVersions(planned.path);
    const remote = await this.listSubtree(planned.base.nodeId);
    const unseen = remote.filter((node) => known.get(node.id) !== node.versionId);
    if (unseen.length === 0) {
      await this.context.api.deleteNode(planned.base.nodeId);
      this.forget(planned.path);
      return;
    }
    this.context.reporter.warn(
      `kept remote folder ${planned.path}: it has ${unseen.length} changes that were not synced yet`,
    );
    const files = [...this.context.state.base].filter(
      ([path, entry]) => isWithin(path, planned.path) && entry.kind === 'file',
    );
    for (const [path] of files) await this.deleteFile(path);
  }

  private async deleteFile(path: string): Promise<void> {
    const entry = this.context.state.base.get(path);
    if (!entry) return;
    if (this.isStillSynced(entry.nodeId, path)) {
      this.context.state.base.delete(path);
      return;
    }
    const node = await this.context.api.getNode(entry.nodeId);
    if (node && node.version?.id !== entry.versionId) {
      this.context.reporter.warn(`kept remote file ${path}: it changed remotely meanwhile`);
      return;
    }
    if (node) await this.context.api.deleteNode(entry.nodeId);
    this.forget(path);
  }

  /**
   * Returns whether another base path refers to the node, because the push moved or adopted it
   * there: then only the old path is gone, and deleting the node would delete the new one.
   */
  private isStillSynced(nodeId: string, path: string): boolean {
    for (const [other, entry] of this.context.state.base) {
      if (entry.nodeId === nodeId && other !== path) return true;
    }
    return false;
  }

  /** Drops base entries and remote nodes within `path` after a successful delete. */
  private forget(path: string): void {
    const { base, remote } = this.context.state;
    for (const [entryPath, entry] of [...base]) {
      if (!isWithin(entryPath, path)) continue;
      base.delete(entryPath);
      remote.delete(entry.nodeId);
      this.context.stats.filesDeleted += 1;
    }
  }

  /** Returns the version id of every base entry within `path`, by node id (null for folders). */
  private knownVersions(path: string): Map<string, string | null> {
    const known = new Map<string, string | null>();
    for (const [entryPath, entry] of this.context.state.base) {
      if (isWithin(entryPath, path)) known.set(entry.nodeId, entry.versionId ?? null);
    }
    return known;
  }

  private async listSubtree(folderId: string): Promise<RemoteDescendant[]> {
    const found: RemoteDescendant[] = [];
    const pending = [folderId];
    while (pending.length > 0) {
      for (const child of await this.context.api.listChildren(pending.pop()!)) {
        found.push({ id: child.id, versionId: child.version?.id ?? null });
        if (child.kind === 'folder') pending.push(child.id);
      }
    }
    return found;
  }
}
