import type { LocalEntry, LocalTree } from '../local/local-entry.js';
import type { BaseEntry } from '../state/sync-state.js';
import { type PlannedRename, planCaseRenames } from './plan-case-renames.js';
import { isUnchanged } from './plan-pull.js';
import { depthOf, parentOf } from './relative-path.js';

export interface PlannedUpload {
  readonly path: string;
  readonly local: LocalEntry;
  /** The base of a changed file, or null for a file the server does not have yet. */
  readonly base: BaseEntry | null;
}

export interface PlannedDelete {
  readonly path: string;
  readonly base: BaseEntry;
  /** Whether a local item of the other kind replaces it, so it must go before the upload. */
  readonly replaced: boolean;
}

/** Local changes to send to the server, computed after the pull phase. */
export interface PushPlan {
  /** Case-only renames, applied first; the other fields assume they succeeded. */
  readonly renames: readonly PlannedRename[];
  /** Folders to create remotely, parents first. */
  readonly createFolders: readonly string[];
  readonly uploads: readonly PlannedUpload[];
  /** Remote nodes to delete; an item inside a deleted folder is left to the folder's delete. */
  readonly deletes: readonly PlannedDelete[];
}

/**
 * Compares the local scan with the base: new local items are created, files whose size or mtime
 * differ are uploaded (the uploader hashes them and skips equal content), and base entries that
 * are gone locally are deleted remotely.
 */
export function planPush(base: ReadonlyMap<string, BaseEntry>, local: LocalTree): PushPlan {
  const workingBase = new Map(base);
  const renames = planCaseRenames(workingBase, local);
  const createFolders: string[] = [];
  const uploads: PlannedUpload[] = [];
  for (const [path, entry] of local) {
    const known = workingBase.get(path);
    const sameKind = known !== undefined && known.kind === entry.kind;
    if (entry.kind === 'folder') {
      if (!sameKind) createFolders.push(path);
    } else if (!sameKind) {
      uploads.push({ path, local: entry, base: null });
    } else if (!isUnchanged(entry, known)) {
      uploads.push({ path, local: entry, base: known });
    }
  }
  createFolders.sort((a, b) => depthOf(a) - depthOf(b));
  return { renames, createFolders, uploads, deletes: planDeletes(workingBase, local) };
}

function planDeletes(base: ReadonlyMap<string, BaseEntry>, local: LocalTree): PlannedDelete[] {
  const gone = new Map<string, PlannedDelete>();
  for (const [path, entry] of base) {
    const current = local.get(path);
    if (current?.kind === entry.kind) continue;
    gone.set(path, { path, base: entry, replaced: current !== undefined });
  }
  const deletes: PlannedDelete[] = [];
  for (const [path, planned] of gone) {
    if (!hasDeletedAncestor(path, gone)) deletes.push(planned);
  }
  return deletes.sort((a, b) => depthOf(a.path) - depthOf(b.path));
}

function hasDeletedAncestor(path: string, gone: ReadonlyMap<string, PlannedDelete>): boolean {
  for (let parent = parentOf(path); parent !== ''; parent = parentOf(parent)) {
    if (gone.get(parent)?.base.kind === 'folder') return true;
  }
  return false;
}
