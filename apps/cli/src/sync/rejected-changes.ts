import type { LocalEntry, LocalTree } from '../local/local-entry.js';
import type { PushPlan } from '../plan/plan-push.js';
import { parentOf } from '../plan/relative-path.js';

/**
 * Local changes that the server rejected with 403, such as a reader's edits in a share. Later
 * passes leave them out until the local item changes again, so that `sync --watch` does not send
 * them and warn on every pass. Kept in memory only, so a new run tries them once more, which
 * picks up a role raised meanwhile.
 */
export class RejectedChanges {
  /** Local state of each rejected path when it was rejected, as `localSignature` returns it. */
  private readonly rejected = new Map<string, string>();
  private local: LocalTree = new Map();

  /** Sets the local scan that the running push works from. */
  startPush(local: LocalTree): void {
    this.local = local;
  }

  record(path: string): void {
    this.rejected.set(path, localSignature(this.local.get(path)));
  }

  /**
   * Returns the plan without the changes at or below a rejected path whose local item is as it
   * was when rejected. Paths that changed since are forgotten, so their changes are sent again.
   */
  filter(plan: PushPlan, local: LocalTree): PushPlan {
    for (const [path, signature] of this.rejected) {
      if (localSignature(local.get(path)) !== signature) this.rejected.delete(path);
    }
    if (this.rejected.size === 0) return plan;
    const keep = (path: string) => !this.isRejected(path);
    return {
      renames: plan.renames.filter((rename) => keep(rename.to)),
      createFolders: plan.createFolders.filter(keep),
      uploads: plan.uploads.filter((upload) => keep(upload.path)),
      deletes: plan.deletes.filter((planned) => keep(planned.path)),
    };
  }

  private isRejected(path: string): boolean {
    for (let current = path; current !== ''; current = parentOf(current)) {
      if (this.rejected.has(current)) return true;
    }
    return false;
  }
}

/** Describes a local item by what decides whether it changed; a folder by its kind only. */
export function localSignature(entry: LocalEntry | undefined): string {
  if (entry === undefined) return 'absent';
  if (entry.kind === 'folder') return 'folder';
  return `file:${entry.size}:${entry.mtimeMs}`;
}
