import type { LocalTree } from '../local/local-entry.js';
import type { BaseEntry } from '../state/sync-state.js';
import type { PullAction } from './pull-action.js';
import { depthOf, isWithin, parentOf, rebaseKeys } from './relative-path.js';

/**
 * Plans local moves that follow remote renames and moves, so that moved content is not
 * downloaded again. Rewrites `base` and `local` to the paths after the moves. A move is left out
 * when its source is missing locally or its target is taken. The per-path comparison then treats
 * it as a delete and an addition. Shallow paths go first, so a moved folder carries its contents
 * before moves inside it are considered.
 */
export function planMoves(
  base: Map<string, BaseEntry>,
  local: LocalTree,
  remotePathById: ReadonlyMap<string, string>,
): PullAction[] {
  const pathByNode = new Map<string, string>();
  for (const [path, entry] of base) pathByNode.set(entry.nodeId, path);
  const candidates = [...base.entries()].sort(([a], [b]) => depthOf(a) - depthOf(b));

  const moves: PullAction[] = [];
  for (const [, entry] of candidates) {
    const from = pathByNode.get(entry.nodeId);
    const to = remotePathById.get(entry.nodeId);
    if (from === undefined || to === undefined || from === to) continue;
    if (!canMove(from, to, entry, base, local)) continue;
    moves.push({ type: 'move', from, to, kind: entry.kind });
    rebaseKeys(base, from, to);
    rebaseKeys(local, from, to);
    for (const [path, moved] of base) {
      if (isWithin(path, to)) pathByNode.set(moved.nodeId, path);
    }
  }
  return moves;
}

function canMove(
  from: string,
  to: string,
  entry: BaseEntry,
  base: ReadonlyMap<string, BaseEntry>,
  local: LocalTree,
): boolean {
  if (local.get(from)?.kind !== entry.kind) return false;
  if (isWithin(to, from)) return false;
  if (local.has(to) || base.has(to)) return false;
  for (let parent = parentOf(to); parent !== ''; parent = parentOf(parent)) {
    if (local.get(parent)?.kind === 'file') return false;
  }
  return true;
}
