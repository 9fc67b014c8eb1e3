import { nameKey } from '@scaidrive/domain';
import type { LocalEntry, LocalTree } from '../local/local-entry.js';
import type { RemoteEntry, RemoteListing } from '../remote/remote-tree.js';
import type { BaseEntry } from '../state/sync-state.js';
import { planMoves } from './plan-moves.js';
import type { PullAction } from './pull-action.js';
import { depthOf, isWithin } from './relative-path.js';

/** Returns whether a local item is as the base recorded it: same kind, and for files same size and mtime. */
export function isUnchanged(local: LocalEntry, base: BaseEntry): boolean {
  if (local.kind !== base.kind) return false;
  if (local.kind === 'folder') return true;
  return local.size === base.size && local.mtimeMs === base.mtimeMs;
}

/**
 * Plans how to bring the remote state to the local folder by a three-way comparison of the base
 * (the state after the last sync), the remote listing and the local scan. Local edits are never
 * overwritten: they are kept for the push phase, or kept as a conflict copy when the remote file
 * changed too. Actions come in order: moves, folders (parents first), downloads, deletes
 * (children first), forgotten entries.
 */
export function planPull(
  base: ReadonlyMap<string, BaseEntry>,
  remote: RemoteListing,
  local: LocalTree,
): PullAction[] {
  const workingBase = new Map(base);
  const workingLocal = new Map(local);
  const moves = planMoves(workingBase, workingLocal, remote.pathById);
  const paths = [
    ...new Set([...workingBase.keys(), ...remote.byPath.keys(), ...workingLocal.keys()]),
  ];
  paths.sort((a, b) => depthOf(a) - depthOf(b));

  const copies = unchangedFilesByHash(workingBase, workingLocal);
  const caseTwins = new CaseTwins(workingLocal);
  const steps: PullAction[] = [];
  const asideFolders: string[] = [];
  for (const path of paths) {
    const baseEntry = workingBase.get(path);
    if (asideFolders.some((folder) => isWithin(path, folder))) {
      if (baseEntry) steps.push({ type: 'forget', path });
      continue;
    }
    const localEntry = workingLocal.get(path);
    const remoteEntry = remote.byPath.get(path);
    // A local twin is usually this item renamed locally in case only, and the push renames the
    // remote item to match. Arriving now would put a second item beside it, which the server
    // cannot store, so the local scan would skip that item on every later pass.
    // NOTE: an unrelated new local twin meets a name conflict on each upload, on every pass.
    if (remoteEntry && !localEntry && caseTwins.has(path)) continue;
    const planned = remoteEntry
      ? reconcileRemote(path, remoteEntry, baseEntry, localEntry, copies)
      : reconcileRemoteMissing(path, baseEntry, localEntry);
    if (localEntry?.kind === 'folder' && planned.some((step) => step.type === 'moveAside')) {
      asideFolders.push(path);
    }
    steps.push(...planned);
  }
  return [...moves, ...orderSteps(steps)];
}

function reconcileRemote(
  path: string,
  remote: RemoteEntry,
  base: BaseEntry | undefined,
  local: LocalEntry | undefined,
  copies: ReadonlyMap<string, string>,
): PullAction[] {
  const sameNode = base !== undefined && base.nodeId === remote.nodeId && base.kind === remote.kind;
  const copy = copies.get(remote.version?.sha256 ?? '') ?? null;
  if (local && local.kind !== remote.kind) {
    const arrive: PullAction =
      remote.kind === 'folder'
        ? { type: 'createFolder', path, remote }
        : { type: 'download', path, remote, expected: null, reuseFrom: copy };
    return [{ type: 'moveAside', path }, arrive];
  }
  if (remote.kind === 'folder') {
    if (!local) return sameNode ? [] : [{ type: 'createFolder', path, remote }];
    return sameNode ? [] : [{ type: 'adoptFolder', path, remote }];
  }
  const remoteChanged = !sameNode || base.versionId !== remote.version?.id;
  if (!remoteChanged) return [];
  if (!local) return [{ type: 'download', path, remote, expected: null, reuseFrom: copy }];
  if (base && isUnchanged(local, base)) {
    return [{ type: 'download', path, remote, expected: local, reuseFrom: path }];
  }
  return [{ type: 'resolve', path, remote, expected: local }];
}

/**
 * Indexes local files that are as the base recorded them by their SHA-256, so that a download
 * of equal content (a file moved or copied remotely) can read it locally.
 */
function unchangedFilesByHash(base: ReadonlyMap<string, BaseEntry>, local: LocalTree) {
  const copies = new Map<string, string>();
  for (const [path, entry] of base) {
    const current = local.get(path);
    if (entry.sha256 && current && isUnchanged(current, entry)) copies.set(entry.sha256, path);
  }
  return copies;
}

/**
 * Finds local items whose path differs from a remote path only in the case of a name, such as a
 * file the user renamed from `a.txt` to `A.txt`. Like the local scan, it assumes the server's
 * default of comparing names without case, which a tenant setting can turn off.
 */
class CaseTwins {
  private readonly folded: Set<string>;

  constructor(private readonly local: LocalTree) {
    this.folded = new Set([...local.keys()].map(foldPath));
  }

  /** Returns whether `path`, or the first of its folders missing locally, has a local twin. */
  has(path: string): boolean {
    const names = path.split('/');
    for (let depth = 1; depth <= names.length; depth++) {
      const prefix = names.slice(0, depth).join('/');
      if (!this.local.has(prefix)) return this.folded.has(foldPath(prefix));
    }
    return false;
  }
}

function foldPath(path: string): string {
  return path
    .split('/')
    .map((name) => nameKey(name))
    .join('/');
}

function reconcileRemoteMissing(
  path: string,
  base: BaseEntry | undefined,
  local: LocalEntry | undefined,
): PullAction[] {
  if (!base) return [];
  if (!local) return [{ type: 'forget', path }];
  if (!isUnchanged(local, base)) return [{ type: 'forget', path }];
  if (local.kind === 'folder') return [{ type: 'deleteFolder', path }];
  return [{ type: 'deleteFile', path, expected: local }];
}

const STEP_ORDER: Record<PullAction['type'], number> = {
  move: 0,
  moveAside: 1,
  createFolder: 2,
  adoptFolder: 2,
  download: 3,
  resolve: 3,
  deleteFile: 4,
  deleteFolder: 5,
  forget: 6,
};

/** Sorts steps by kind, keeping ascending depth except for folder deletes: children go first. */
function orderSteps(steps: PullAction[]): PullAction[] {
  return [...steps].sort((a, b) => {
    const byType = STEP_ORDER[a.type] - STEP_ORDER[b.type];
    if (a.type !== 'deleteFolder' || b.type !== 'deleteFolder') return byType;
    return depthOf(b.path) - depthOf(a.path);
  });
}
