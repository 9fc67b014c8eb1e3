import { nameKey } from '@scaidrive/domain';
import type { LocalTree } from '../local/local-entry.js';
import type { BaseEntry } from '../state/sync-state.js';
import { depthOf, joinPath, nameOf, parentOf, rebaseKeys } from './relative-path.js';

/** A local rename that changed only the case of a name, to repeat remotely. */
export interface PlannedRename {
  readonly from: string;
  readonly to: string;
  readonly base: BaseEntry;
}

/**
 * Finds synced items that were renamed locally to a name that differs only in case. The server
 * treats such names as equal, so creating the new name would fail with a name conflict: the node
 * is renamed instead. Rewrites `base` to the new paths, shallow paths first, so that the contents
 * of a renamed folder count as unchanged.
 */
export function planCaseRenames(base: Map<string, BaseEntry>, local: LocalTree): PlannedRename[] {
  const localByKey = new Map<string, string>();
  for (const path of local.keys()) localByKey.set(caseKey(path), path);
  const pathByNode = new Map<string, string>();
  for (const [path, entry] of base) pathByNode.set(entry.nodeId, path);
  const candidates = [...base.entries()].sort(([a], [b]) => depthOf(a) - depthOf(b));

  const renames: PlannedRename[] = [];
  for (const [, entry] of candidates) {
    const from = pathByNode.get(entry.nodeId)!;
    if (local.get(from)?.kind === entry.kind) continue;
    const to = localByKey.get(caseKey(from));
    if (to === undefined || to === from || base.has(to) || local.get(to)?.kind !== entry.kind) {
      continue;
    }
    renames.push({ from, to, base: entry });
    rebaseKeys(base, from, to);
    for (const [path, moved] of base) pathByNode.set(moved.nodeId, path);
  }
  return renames;
}

/** Returns the parent path as it is and the last name case-folded. */
function caseKey(path: string): string {
  return joinPath(parentOf(path), nameKey(nameOf(path)));
}
