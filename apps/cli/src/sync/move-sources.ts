import type { PlannedDelete } from '../plan/plan-push.js';
import { isWithin } from '../plan/relative-path.js';
import type { BaseEntry } from '../state/sync-state.js';

export interface MoveSource {
  readonly path: string;
  readonly entry: BaseEntry;
}

/**
 * Synced files that are gone locally, by content. A new local file with the same SHA-256 and size
 * was most likely moved or renamed, so the remote node is moved instead of uploading a copy and
 * deleting the original. The moved node keeps its history, and other clients move it too.
 */
export class MoveSources {
  private readonly byContent = new Map<string, MoveSource[]>();

  constructor(base: ReadonlyMap<string, BaseEntry>, deletes: readonly PlannedDelete[]) {
    for (const [path, entry] of base) {
      if (entry.kind !== 'file' || !entry.sha256) continue;
      if (!deletes.some((planned) => isWithin(path, planned.path))) continue;
      const key = contentKey(entry.sha256, entry.size ?? 0);
      const sources = this.byContent.get(key);
      if (sources) sources.push({ path, entry });
      else this.byContent.set(key, [{ path, entry }]);
    }
  }

  /** Returns a source with this content and removes it, so that it is moved only once. */
  take(sha256: string, size: number): MoveSource | null {
    return this.byContent.get(contentKey(sha256, size))?.shift() ?? null;
  }
}

function contentKey(sha256: string, size: number): string {
  return `${sha256}:${size}`;
}
